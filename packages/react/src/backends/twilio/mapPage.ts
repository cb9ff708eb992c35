import type { BackendMessage } from '../../core/backend.js';
import type { TwilioPage, TwilioStoredMessage } from './types.js';

/** The part of an SDK paginator the backends read. */
export interface SdkPage<T> {
  items: T[];
  hasNextPage: boolean;
  hasPrevPage: boolean;
  nextPage(): Promise<SdkPage<T>>;
}

/** Wraps an SDK paginator, mapping each item, lazily page by page. */
export function mapPage<T, U>(page: SdkPage<T>, map: (item: T) => U): TwilioPage<U> {
  return {
    items: page.items.map(map),
    hasNextPage: page.hasNextPage,
    hasPrevPage: page.hasPrevPage,
    nextPage: async () => mapPage(await page.nextPage(), map),
  };
}

/** An SDK message that can be edited and deleted (both SDKs' `Message`). */
export interface SdkMessage {
  index: number;
  updateBody(body: string): Promise<unknown>;
  remove(): Promise<unknown>;
}

/**
 * The message at `index` from a page read backwards from it (`getMessages(1, index, 'backwards')`),
 * or null when that index holds none (deleted, or not sent yet).
 */
export function storedMessageAt<M extends SdkMessage>(
  page: SdkPage<M>,
  index: number,
  map: (message: M) => BackendMessage,
): TwilioStoredMessage | null {
  const found = page.items.find((m) => m.index === index);
  if (!found) return null;
  return {
    message: map(found),
    updateBody: async (body) => {
      await found.updateBody(body);
    },
    remove: async () => {
      await found.remove();
    },
  };
}

import type { StoredMessage } from './FakeService.js';

/** A Twilio paginator over an array (items ascending, like the SDKs' message paginators). */
export interface FakePage<T> {
  items: T[];
  hasNextPage: boolean;
  hasPrevPage: boolean;
  nextPage(): Promise<FakePage<T>>;
  prevPage(): Promise<FakePage<T>>;
}

/** Pages of a fixed list, `size` at a time, for channel lists. */
export function listPaginator<T>(all: T[], size: number, start = 0): FakePage<T> {
  return {
    items: all.slice(start, start + size),
    hasNextPage: start + size < all.length,
    hasPrevPage: start > 0,
    nextPage: async () => listPaginator(all, size, start + size),
    prevPage: async () => listPaginator(all, size, Math.max(0, start - size)),
  };
}

/**
 * Message pages as the SDKs return them: backwards from `anchor` (inclusive, newest when
 * omitted), or forward from it; items always sorted by index ascending; for backwards queries
 * `hasPrevPage` means older messages exist.
 */
export function messagePaginator<T>(
  messages: StoredMessage[],
  wrap: (message: StoredMessage) => T,
  pageSize = 30,
  anchor?: number,
  direction: 'backwards' | 'forward' = 'backwards',
): FakePage<T> {
  if (direction === 'backwards') {
    const upTo = messages.filter((m) => anchor === undefined || m.index <= anchor);
    const page = upTo.slice(-pageSize);
    const first = page[0];
    const last = page.at(-1);
    const older = upTo.length > page.length;
    const newer = last !== undefined && messages.some((m) => m.index > last.index);
    return {
      items: page.map(wrap),
      hasPrevPage: older,
      hasNextPage: newer,
      prevPage: async () =>
        messagePaginator(messages, wrap, pageSize, first ? first.index - 1 : -1, 'backwards'),
      nextPage: async () => messagePaginator(messages, wrap, pageSize, last ? last.index + 1 : 0, 'forward'),
    };
  }
  const from = messages.filter((m) => anchor === undefined || m.index >= anchor);
  const page = from.slice(0, pageSize);
  const first = page[0];
  const last = page.at(-1);
  return {
    items: page.map(wrap),
    hasNextPage: from.length > page.length,
    hasPrevPage: first !== undefined && messages.some((m) => m.index < first.index),
    nextPage: async () => messagePaginator(messages, wrap, pageSize, last ? last.index + 1 : 0, 'forward'),
    prevPage: async () =>
      messagePaginator(messages, wrap, pageSize, first ? first.index - 1 : -1, 'backwards'),
  };
}

/** A data: URL of stored bytes: fetchable without a network, like a temporary media URL. */
export function dataUrl(contentType: string, bytes: Uint8Array): string {
  return `data:${contentType};base64,${Buffer.from(bytes).toString('base64')}`;
}

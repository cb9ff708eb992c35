import type { TwilioPage } from './types.js';

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

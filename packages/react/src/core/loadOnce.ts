import { ChatError, type ChatErrorCode } from './errors.js';

/**
 * `load` run once, on the first call, and its promise shared by every later call; a failed load
 * (a chunk the network did not bring) rejects as a ChatError with `code` and runs again on the
 * next call. For the store's lazy parts: the engine, the backend, the chunks loaded on first use.
 */
export function loadOnce<T>(load: () => Promise<T>, code: ChatErrorCode): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw ChatError.from(error, code);
    }));
}

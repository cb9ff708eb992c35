/** Batched change notifications: see {@link createNotifier}. */
export interface Notifier {
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: () => void): () => void;
  /** Records that something changed; listeners run once at the end of the current window. */
  schedule(): void;
  /** Notifies now if a notification is pending (on disconnect, so no timer outlives the store's work). */
  flush(): void;
}

/**
 * Calls listeners at most once per `batchMs` window after a change, so a burst of 1,000 backend events
 * becomes a handful of notifications (and React commits) instead of 1,000. `batchMs = 0` notifies in
 * a microtask. Listeners added or removed during a notification take effect from the next one.
 */
export function createNotifier(batchMs: number): Notifier {
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let queued = false;

  const flush = (): void => {
    timer = null;
    queued = false;
    for (const listener of [...listeners]) listener();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    schedule() {
      if (queued) return;
      queued = true;
      if (batchMs <= 0) queueMicrotask(() => queued && flush());
      else timer = setTimeout(flush, batchMs);
    },
    flush() {
      if (timer !== null) clearTimeout(timer);
      if (queued) flush();
    },
  };
}

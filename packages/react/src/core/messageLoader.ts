import type { BackendMessage, ChatBackend } from './backend.js';
import type { EngineContext } from './engineContext.js';
import { latest } from './entries.js';
import { ChatError } from './errors.js';
import { mergeMessages, newestStoredIndex } from './messages.js';
import { backoffDelay, REQUEST_BACKOFF } from './retry.js';
import { applyFetched, type Fetched, hasGap, PAGE_SIZE, runBounds } from './runs.js';
import type { Message } from './types.js';

/** Loads history into channels' runs: see {@link createMessageLoader}. */
export interface MessageLoader {
  /** Loads a page (the newest when `anchor` is undefined), merges it when it joins the run. */
  page(backend: ChatBackend, name: string, pageSize: number, anchor?: number): Promise<Message[]>;
  /**
   * Brings the channel's run up to the newest message it heard of (the open channel first loads its
   * newest page when it has none). One at a time per channel; rejects when a request fails.
   */
  catchUp(name: string): Promise<void>;
  /** `catchUp` in the background: a failure is published and retried while connected. */
  fill(name: string): Promise<void>;
  /** Drops the scheduled retries (disconnect). */
  cancel(): void;
}

/**
 * Every fetch goes through {@link applyFetched}, so a run only grows by what joins it. A gap (a
 * message heard of above the run: live, from the channel list, or while the newest page was on its
 * way) is filled with `getMessagesAfter(hi)`.
 */
export function createMessageLoader({ core, backend }: EngineContext): MessageLoader {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const retries = new Map<string, { timer: ReturnType<typeof setTimeout> | null; attempt: number }>();

  /** Messages as the newest changes the store heard of make them (the deleted left out). */
  const fresh = (messages: readonly BackendMessage[]): BackendMessage[] =>
    messages.flatMap((m) => latest(core.recentChanges, m) ?? []);

  const apply = (name: string, fetched: Fetched): Message[] | null => {
    let merged: Message[] | null = null;
    // What it read of messages changed since is stale: the newest versions go in (its range holds).
    if (core.recentChanges.size > 0) fetched.messages = fresh(fetched.messages);
    core.updateEntry(name, (entry) => {
      const result = applyFetched(entry, fetched);
      if (!result) return entry;
      merged = result.merged;
      return result.entry;
    });
    return merged;
  };

  const load = async (b: ChatBackend, name: string, pageSize: number, anchor?: number) => {
    const newest = anchor === undefined;
    const page = await b.getMessages(name, newest ? { pageSize } : { pageSize, anchor });
    const first = page.messages[0];
    const to = newest ? Number.POSITIVE_INFINITY : anchor;
    const from = first ? first.index : newest ? 0 : anchor + 1;
    const merged = apply(name, { messages: page.messages, from, to, hasOlder: page.hasOlder });
    return merged ?? mergeMessages([], page.messages).merged;
  };

  const catchUpOnce = async (name: string): Promise<void> => {
    const b = backend();
    if (!b)
      throw new ChatError(
        'not_connected',
        process.env.NODE_ENV !== 'production' ? 'The connection closed before the messages were loaded.' : '',
      );
    const entry = core.entries.get(name);
    if (!entry) return;
    if (!entry.loaded) {
      if (core.current !== name) return; // a closed channel loads when it is opened
      await load(b, name, PAGE_SIZE);
    }
    for (;;) {
      const current = core.entries.get(name);
      if (!current || !hasGap(current)) return;
      const { hi } = runBounds(current);
      const asked = current.newestIndex;
      const messages = await b.getMessagesAfter(name, hi);
      apply(name, { messages, from: hi + 1, to: Number.POSITIVE_INFINITY, hasOlder: null });
      if (messages.length === 0) {
        // Nothing after the run: the newest message heard of was deleted. Unless a newer one was
        // heard of meanwhile, the run reaches the newest, and the gap is closed for good.
        core.updateEntry(name, (e) =>
          e.newestIndex === asked ? { ...e, newestIndex: newestStoredIndex(e.messages) } : e,
        );
        return;
      }
    }
  };

  const catchUp = (name: string): Promise<void> => {
    const inFlight = running.get(name);
    if (inFlight) {
      again.add(name); // what it fetched may already be behind: go once more after it
      return inFlight;
    }
    const run = (async () => {
      try {
        do {
          again.delete(name);
          await catchUpOnce(name);
        } while (again.has(name));
      } finally {
        running.delete(name);
      }
    })();
    running.set(name, run);
    return run;
  };

  const fill = (name: string): Promise<void> =>
    catchUp(name).then(
      () => {
        const retry = retries.get(name);
        if (retry?.timer === null) retries.delete(name);
      },
      (caught: unknown) => {
        // While reconnecting, the resync after the reconnect catches up: no retry of our own.
        if (!backend() || core.connectionState !== 'connected') return;
        core.set({ error: ChatError.from(caught) });
        const retry = retries.get(name) ?? { timer: null, attempt: 0 };
        if (retry.timer) return;
        retry.timer = setTimeout(
          () => {
            retry.timer = null;
            void fill(name);
          },
          backoffDelay(REQUEST_BACKOFF, retry.attempt++),
        );
        retries.set(name, retry);
      },
    );

  return {
    async page(b, name, pageSize, anchor) {
      const merged = await load(b, name, pageSize, anchor);
      // Messages may have arrived above the run while the newest page was on its way.
      const entry = core.entries.get(name);
      if (anchor === undefined && entry && hasGap(entry)) void fill(name);
      return merged;
    },
    catchUp,
    fill,
    cancel() {
      for (const retry of retries.values()) if (retry.timer) clearTimeout(retry.timer);
      retries.clear();
    },
  };
}

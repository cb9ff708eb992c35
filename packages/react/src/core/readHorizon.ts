import type { EngineContext } from './engineContext.js';
import { ChatError } from './errors.js';
import { backoffDelay, REQUEST_BACKOFF } from './retry.js';

/** Moves read horizons: see {@link createReadHorizon}. */
export interface ReadHorizon {
  /** Moves the channel's horizon to its newest message soon; calls within the delay coalesce. */
  soon(name: string): void;
  /** Moves the channel's horizon to its newest message now. */
  now(name: string): Promise<void>;
  /**
   * The user opened `opened` (or closed every channel): the channel open until now keeps what arrived
   * while it was open as the limit of a move still due, so a message arriving after it was left
   * stays unread. Call before the current channel changes.
   */
  switchTo(opened: string | null): void;
  /** Drops every scheduled move (disconnect). */
  cancel(): void;
}

/** Delay before the open channel's read horizon follows new messages (coalesces bursts). */
const READ_DELAY_MS = 50;

/**
 * Keeps read horizons moving without flooding the backend: `soon()` waits `READ_DELAY_MS`, and while
 * a move is in flight further requests collapse into one more move afterwards — a burst of 1,000
 * messages in the open channel sends a couple of frames, not 1,000.
 *
 * Horizons only move forward from here: moves of a channel run one at a time, and a target lower
 * than one already sent is never sent (the server lets a horizon move backwards, so a late, stale
 * move would leave it behind). A move that fails is tried again (a lost frame, a drop), and one
 * that lands behind the open channel's newest message (a message of this user's was stored
 * meanwhile) is followed by another.
 */
export function createReadHorizon({ core, backend }: EngineContext): ReadHorizon {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  // Per channel left by the user: the newest index it had then. A delayed move reads no further.
  const limits = new Map<string, number>();
  // Per channel: the highest target sent this session (never send a lower one), failures in a row.
  const sent = new Map<string, number>();
  const failures = new Map<string, number>();
  const inFlight = new Map<string, Promise<void>>();
  const again = new Set<string>();

  /** How far a delayed move may read: the newest message, but only up to when the channel was left. */
  const due = (name: string): number => {
    const newest = core.entries.get(name)?.newestIndex ?? -1;
    const limit = core.current === name ? undefined : limits.get(name);
    return limit === undefined ? newest : Math.min(newest, limit);
  };

  const move = async (name: string, target: number): Promise<void> => {
    const b = backend();
    if (!b || !core.entries.has(name) || target < (sent.get(name) ?? -1)) return;
    sent.set(name, target);
    let unreadCount: number;
    try {
      ({ unreadCount } = await b.setReadHorizon(name, target));
    } catch (error) {
      // Not sent after all: a lower target (the newest message was deleted meanwhile) may go.
      if (sent.get(name) === target) sent.delete(name);
      throw error;
    }
    failures.delete(name);
    core.updateEntry(name, (e) => {
      const lastReadIndex = Math.max(e.lastReadIndex ?? -1, target);
      // Messages may have arrived meanwhile; the backend's count is the truth for other channels.
      const unread = core.current === name ? 0 : unreadCount;
      if (e.lastReadIndex === lastReadIndex && e.channel.unreadCount === unread) return e;
      return {
        ...e,
        lastReadIndex,
        channel: e.channel.unreadCount === unread ? e.channel : { ...e.channel, unreadCount: unread },
      };
    });
    // The open channel's horizon follows its newest message, whoever wrote it.
    if (core.current === name && due(name) > target) again.add(name);
  };

  /** Runs `task` after the channel's move in flight; the next `soon()` waits for this one. */
  const serialized = (name: string, task: () => Promise<void>): Promise<void> => {
    const previous = inFlight.get(name) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(task);
    const tracked = next.finally(() => {
      if (inFlight.get(name) === tracked) inFlight.delete(name);
    });
    inFlight.set(name, tracked);
    tracked.catch(() => {});
    return next;
  };

  const retryLater = (name: string, error: unknown): void => {
    if (!backend()) return;
    core.set({ error: ChatError.from(error) });
    const count = failures.get(name) ?? 0;
    failures.set(name, count + 1);
    if (timers.has(name)) return;
    // A failed move is tried again on the request curve: one more failure, one step up.
    timers.set(
      name,
      setTimeout(() => run(name), backoffDelay(REQUEST_BACKOFF, count)),
    );
  };

  const run = (name: string): void => {
    timers.delete(name);
    const entry = core.entries.get(name);
    const target = due(name);
    if (!entry || (entry.lastReadIndex !== null && entry.lastReadIndex >= target)) return;
    serialized(name, () => move(name, target))
      .catch((error: unknown) => retryLater(name, error))
      .finally(() => {
        if (again.delete(name)) soon(name);
      });
  };

  const soon = (name: string): void => {
    if (timers.has(name)) return;
    if (inFlight.has(name)) {
      again.add(name);
      return;
    }
    timers.set(
      name,
      setTimeout(() => run(name), READ_DELAY_MS),
    );
  };

  return {
    soon,
    async now(name) {
      core.updateEntry(name, (e) =>
        e.channel.unreadCount === 0 ? e : { ...e, channel: { ...e.channel, unreadCount: 0 } },
      );
      await serialized(name, () => move(name, core.entries.get(name)?.newestIndex ?? -1));
    },
    switchTo(opened) {
      const left = core.current;
      if (opened !== null) limits.delete(opened);
      if (left === null || left === opened) return;
      limits.set(left, core.entries.get(left)?.newestIndex ?? -1);
    },
    cancel() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      again.clear();
      limits.clear();
      sent.clear();
      failures.clear();
    },
  };
}

import type { ChatBackend } from './backend.js';
import type { ChatCore } from './ChatCore.js';
import { ChatError } from './errors.js';

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

/**
 * Keeps read horizons moving without flooding the backend: `soon()` waits `delayMs`, and while a
 * move is in flight further requests collapse into one more move afterwards — a burst of 1,000
 * messages in the open channel sends a couple of frames, not 1,000.
 */
export function createReadHorizon(
  core: ChatCore,
  backend: () => ChatBackend | null,
  delayMs: number,
): ReadHorizon {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  // Per channel left by the user: the newest index it had then. A delayed move reads no further.
  const limits = new Map<string, number>();
  const inFlight = new Set<string>();
  const again = new Set<string>();

  /** How far a delayed move may read: the newest message, but only up to when the channel was left. */
  const due = (name: string): number => {
    const newest = core.entries.get(name)?.newestIndex ?? -1;
    const limit = core.current === name ? undefined : limits.get(name);
    return limit === undefined ? newest : Math.min(newest, limit);
  };

  const move = async (name: string, target: number): Promise<void> => {
    const b = backend();
    if (!b || !core.entries.has(name)) return;
    const { unreadCount } = await b.setReadHorizon(name, target);
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
  };

  const run = (name: string): void => {
    timers.delete(name);
    const entry = core.entries.get(name);
    const target = due(name);
    if (!entry || (entry.lastReadIndex !== null && entry.lastReadIndex >= target)) return;
    inFlight.add(name);
    move(name, target)
      .catch((error: unknown) => {
        if (backend()) core.set({ error: ChatError.from(error) });
      })
      .finally(() => {
        inFlight.delete(name);
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
      setTimeout(() => run(name), delayMs),
    );
  };

  return {
    soon,
    async now(name) {
      core.updateEntry(name, (e) =>
        e.channel.unreadCount === 0 ? e : { ...e, channel: { ...e.channel, unreadCount: 0 } },
      );
      await move(name, core.entries.get(name)?.newestIndex ?? -1);
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
    },
  };
}

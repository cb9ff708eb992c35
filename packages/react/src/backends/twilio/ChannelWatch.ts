import type { TwilioChannel } from './types.js';

interface Waiter {
  holds: () => boolean;
  resolve: (held: boolean) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Waits for the SDK's own view of a channel to catch up with a change the service already
 * accepted. Both SDKs resolve `join()`, `leave()` and a read-horizon update as soon as the REST
 * call is answered, but change the channel's `status` and `lastReadMessageIndex` only when the
 * Sync update arrives (`conversationJoined`, `channelLeft`, `conversationUpdated`…), and the SDK
 * itself refuses some calls until then (`leave()` does nothing unless the status is `joined`).
 * The connection calls {@link ChannelWatch.changed} on every channel event.
 */
export class ChannelWatch {
  readonly #waiters = new Map<string, Set<Waiter>>();

  /**
   * Resolves true once `holds()` is true for the channel (at once if it already is), or false
   * after `timeoutMs` or at {@link ChannelWatch.clear}.
   */
  until(channel: TwilioChannel, holds: () => boolean, timeoutMs: number): Promise<boolean> {
    if (holds()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const set = this.#waiters.get(channel.sid) ?? new Set<Waiter>();
      this.#waiters.set(channel.sid, set);
      const waiter: Waiter = {
        holds,
        resolve,
        timer: setTimeout(() => this.#settle(channel.sid, waiter, false), timeoutMs),
      };
      set.add(waiter);
    });
  }

  /** True while a call of this connection waits for this channel (its events are the call's answer). */
  awaited(sid: string): boolean {
    return (this.#waiters.get(sid)?.size ?? 0) > 0;
  }

  /** Re-checks the waits on a channel the SDK just reported a change of. */
  changed(sid: string): void {
    for (const waiter of this.#waiters.get(sid) ?? []) {
      if (waiter.holds()) this.#settle(sid, waiter, true);
    }
  }

  /** Releases every wait (false): the connection is closing. */
  clear(): void {
    for (const [sid, set] of this.#waiters) for (const waiter of set) this.#settle(sid, waiter, false);
  }

  #settle(sid: string, waiter: Waiter, held: boolean): void {
    clearTimeout(waiter.timer);
    const set = this.#waiters.get(sid);
    set?.delete(waiter);
    if (set?.size === 0) this.#waiters.delete(sid);
    waiter.resolve(held);
  }
}

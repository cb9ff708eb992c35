/**
 * Calls waiting for the SDK to report something this connection caused: the SDKs resolve a REST
 * call (an edit, an add, a removal) when the service answers, and show its effect only when the
 * Sync update arrives. A wait is registered before the call, so that an update arriving first is
 * not missed; the connection `notify`s every update it gets.
 */
export class Waits<T> {
  readonly #waiters = new Map<string, Set<(value: T) => void>>();
  readonly #cancels = new Set<() => void>();

  /**
   * Resolves with the first value notified for `key` that `holds`, or null after `timeoutMs`, at
   * `cancel()` or at {@link Waits.clear}.
   */
  wait(
    key: string,
    holds: (value: T) => boolean,
    timeoutMs: number,
  ): { seen: Promise<T | null>; cancel: () => void } {
    let finish: (value: T | null) => void = () => {};
    const seen = new Promise<T | null>((resolve) => {
      const set = this.#waiters.get(key) ?? new Set();
      this.#waiters.set(key, set);
      const waiter = (value: T) => {
        if (holds(value)) finish(value);
      };
      const timer = setTimeout(() => finish(null), timeoutMs);
      finish = (value) => {
        clearTimeout(timer);
        set.delete(waiter);
        if (set.size === 0) this.#waiters.delete(key);
        this.#cancels.delete(cancel);
        resolve(value);
      };
      set.add(waiter);
    });
    const cancel = () => finish(null);
    this.#cancels.add(cancel);
    return { seen, cancel };
  }

  /** True while a wait on `key` is pending. */
  has(key: string): boolean {
    return this.#waiters.has(key);
  }

  /** An update the SDK reported: settles the waits on `key` it satisfies. */
  notify(key: string, value: T): void {
    for (const waiter of [...(this.#waiters.get(key) ?? [])]) waiter(value);
  }

  /** Releases every wait (null): the connection is closing. */
  clear(): void {
    for (const cancel of [...this.#cancels]) cancel();
  }
}

/** The key of a member's presence in a channel, for `TwilioConnection.roster`. */
export const rosterKey = (channel: string, identity: string): string => `${channel}\n${identity}`;

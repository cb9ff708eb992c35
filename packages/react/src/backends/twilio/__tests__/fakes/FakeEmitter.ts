type Listener = (...args: never[]) => void;

/**
 * The event half of the SDKs' ReplayEventEmitter, enough for the fakes: `on` registers, `fire`
 * calls every listener synchronously (as the SDKs do once an update has arrived).
 */
export class FakeEmitter {
  readonly #listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): this {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return this;
  }

  /** Calls the listeners of `event` with `args`. */
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }

  /** Number of listeners of `event` (tests check what the backend subscribed to). */
  listenerCount(event: string): number {
    return this.#listeners.get(event)?.size ?? 0;
  }
}

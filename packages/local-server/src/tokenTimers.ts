// setTimeout fires at once for delays above 2^31-1 ms (~24.8 days); longer waits are chained.
const MAX_DELAY = 2 ** 31 - 1;

/** What a connection does when its token nears or reaches `exp`. */
export interface TokenTimerActions {
  aboutToExpire(expiresAt: number): void;
  expired(): void;
}

/**
 * The two timers of a connection's token: `aboutToExpire` at `exp - margin` (at once if that is
 * already past) and `expired` at `exp`. A new token reschedules both; `clear` leaves none behind.
 */
export class TokenTimers {
  readonly #marginMs: number;
  readonly #actions: TokenTimerActions;
  #about: NodeJS.Timeout | undefined;
  #expiry: NodeJS.Timeout | undefined;

  constructor(marginMs: number, actions: TokenTimerActions) {
    this.#marginMs = marginMs;
    this.#actions = actions;
  }

  schedule(expiresAt: number): void {
    this.clear();
    this.#at(expiresAt - this.#marginMs, 'about', () => this.#actions.aboutToExpire(expiresAt));
    this.#at(expiresAt, 'expiry', () => this.#actions.expired());
  }

  clear(): void {
    clearTimeout(this.#about);
    clearTimeout(this.#expiry);
    this.#about = undefined;
    this.#expiry = undefined;
  }

  #at(when: number, slot: 'about' | 'expiry', run: () => void): void {
    const delay = Math.max(0, when - Date.now());
    const timer =
      delay > MAX_DELAY ? setTimeout(() => this.#at(when, slot, run), MAX_DELAY) : setTimeout(run, delay);
    if (slot === 'about') this.#about = timer;
    else this.#expiry = timer;
  }
}

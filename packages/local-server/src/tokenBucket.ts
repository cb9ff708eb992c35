/**
 * A token bucket: `burst` tokens at most, refilled at `perSecond`. The clock is passed in, so one
 * `Date.now()` per frame serves every bucket that frame is charged to.
 */
export class TokenBucket {
  readonly #perMs: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;

  constructor(perSecond: number, burst: number, now = Date.now()) {
    this.#perMs = perSecond / 1000;
    this.#burst = burst;
    this.#tokens = burst;
    this.#last = now;
  }

  /** Takes one token if there is one; `false` when the bucket is empty. */
  take(now = Date.now()): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Whether the bucket has refilled completely (then forgetting it changes nothing). */
  isFull(now = Date.now()): boolean {
    this.#refill(now);
    return this.#tokens >= this.#burst;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.#burst, this.#tokens + Math.max(0, now - this.#last) * this.#perMs);
    this.#last = now;
  }
}

/**
 * A token bucket: `burst` requests at once, then `perSecond` on average. The shape of every rate
 * limit option of `@chat/server` (`createApp({ rateLimit })`) and `@chat/local-server`
 * (`rateLimit`, `rateLimit.perIdentity`, `rateLimit.perIdentity.sends`).
 */
export interface TokenBucketOptions {
  /** Bucket size: how many requests are accepted at once. */
  burst: number;
  /** Sustained rate: tokens added back per second. */
  perSecond: number;
}

/**
 * One token bucket, full at first. The clock is passed in, so one `Date.now()` serves every bucket
 * a request is charged to; a clock that steps back refills nothing.
 */
export class TokenBucket {
  readonly #perSecond: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;

  constructor({ burst, perSecond }: TokenBucketOptions, now = Date.now()) {
    this.#perSecond = perSecond;
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

  /** Milliseconds until a token is available: 0 when one is now. */
  waitMs(now = Date.now()): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : ((1 - this.#tokens) / this.#perSecond) * 1000;
  }

  /** Whether the bucket has refilled completely (then forgetting it changes nothing). */
  isFull(now = Date.now()): boolean {
    this.#refill(now);
    return this.#tokens >= this.#burst;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#last);
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed / 1000) * this.#perSecond);
    this.#last = now;
  }
}

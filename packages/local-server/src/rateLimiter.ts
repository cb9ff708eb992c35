/** Per-connection rate limit; `false` turns it off (benchmarks). */
export type RateLimitOptions =
  | false
  | {
      /** Frames per second refilled into the bucket. Default 200. */
      framesPerSecond?: number;
      /** Bucket size: frames accepted in one burst. Default 400. */
      burst?: number;
      /** Frames refused in a row before the connection is closed with 4008. Default 100. */
      closeAfterRefused?: number;
    };

/** What {@link RateLimiter.take} decided for one frame. */
export type RateDecision = 'ok' | 'refuse' | 'close';

/**
 * A token bucket per connection. A frame over the rate is refused (`rate_limited` reply); a client
 * that keeps sending while refused is closed, so a runaway loop cannot hold the server busy.
 */
export class RateLimiter {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #closeAfter: number;
  #tokens: number;
  #last: number;
  #refusedInARow = 0;

  constructor(options: Exclude<RateLimitOptions, false>, now = Date.now()) {
    this.#perMs = (options.framesPerSecond ?? 200) / 1000;
    this.#burst = options.burst ?? 400;
    this.#closeAfter = options.closeAfterRefused ?? 100;
    this.#tokens = this.#burst;
    this.#last = now;
  }

  /** Takes one token for a frame received at `now`. */
  take(now = Date.now()): RateDecision {
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#last) * this.#perMs);
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      this.#refusedInARow = 0;
      return 'ok';
    }
    this.#refusedInARow += 1;
    return this.#refusedInARow >= this.#closeAfter ? 'close' : 'refuse';
  }
}

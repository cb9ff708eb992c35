import { TokenBucket } from './tokenBucket.js';

/** Buckets shared by every connection of one identity (README, "Abuse limits"). */
export interface IdentityRateLimitOptions {
  /** Frames per second, all of an identity's connections together. Default: twice the per-connection rate. */
  framesPerSecond?: number;
  /** Frames accepted in one burst, all connections together. Default: twice the per-connection burst. */
  burst?: number;
  /** `sendMessage` requests per second per identity. Default 20. */
  sendsPerSecond?: number;
  /** `sendMessage` requests accepted in one burst per identity. Default 120. */
  sendBurst?: number;
}

/** Per-connection and per-identity rate limits; `false` turns all of them off (benchmarks). */
export type RateLimitOptions =
  | false
  | {
      /** Frames per second refilled into the bucket. Default 200. */
      framesPerSecond?: number;
      /** Bucket size: frames accepted in one burst. Default 400. */
      burst?: number;
      /** Frames refused in a row before the connection is closed with 4008. Default 100. */
      closeAfterRefused?: number;
      /** Limits shared by all the connections of one identity. */
      perIdentity?: IdentityRateLimitOptions;
    };

/** What {@link RateLimiter.take} decided for one frame. */
export type RateDecision = 'ok' | 'refuse' | 'close';

/**
 * A token bucket per connection. A frame over the rate is refused (`rate_limited` reply); a client
 * that keeps sending while refused is closed, so a runaway loop cannot hold the server busy.
 * Refusals decided by the identity's shared buckets count towards the same streak.
 */
export class RateLimiter {
  readonly #bucket: TokenBucket;
  readonly #closeAfter: number;
  #refusedInARow = 0;

  constructor(options: Exclude<RateLimitOptions, false>, now = Date.now()) {
    this.#bucket = new TokenBucket(options.framesPerSecond ?? 200, options.burst ?? 400, now);
    this.#closeAfter = options.closeAfterRefused ?? 100;
  }

  /**
   * Takes one token for a frame received at `now`. An 'ok' does not end a streak of refusals:
   * the frame may still be refused by the identity's budget; {@link accepted} ends it.
   */
  take(now = Date.now()): RateDecision {
    return this.#bucket.take(now) ? 'ok' : this.refused();
  }

  /** Records a frame refused by another limit (the identity's); 'close' once the streak is too long. */
  refused(): RateDecision {
    this.#refusedInARow += 1;
    return this.#refusedInARow >= this.#closeAfter ? 'close' : 'refuse';
  }

  /** The frame passed every limit: the streak of refusals is over. */
  accepted(): void {
    this.#refusedInARow = 0;
  }
}

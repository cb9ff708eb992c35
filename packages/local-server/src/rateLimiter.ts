import { TokenBucket, type TokenBucketOptions } from '@chat/server';

/**
 * Buckets shared by every connection of one identity (README, "Abuse limits"): frames, as
 * `{ burst, perSecond }`, and `sendMessage` requests, as `sends: { burst, perSecond }`.
 */
export interface IdentityRateLimitOptions extends Partial<TokenBucketOptions> {
  /** Frames accepted in one burst, all connections together. Default: twice the per-connection `burst`. */
  burst?: number;
  /** Frames per second, all connections together. Default: twice the per-connection `perSecond`. */
  perSecond?: number;
  /** `sendMessage` requests per identity. Default `{ burst: 120, perSecond: 20 }`. */
  sends?: Partial<TokenBucketOptions>;
  /** @deprecated The former name of `perSecond`; `perSecond` wins when both are given. */
  framesPerSecond?: number;
  /** @deprecated The former name of `sends.perSecond`. */
  sendsPerSecond?: number;
  /** @deprecated The former name of `sends.burst`. */
  sendBurst?: number;
}

/**
 * The per-connection frame bucket `{ burst, perSecond }` (default 400 at once, 200 per second,
 * the shape of every rate limit of `@chat/server` and this server), what happens to a client that
 * keeps sending while refused, and the buckets of each identity.
 */
export interface ConnectionRateLimitOptions extends Partial<TokenBucketOptions> {
  /** Frames one connection may send in one burst. Default 400. */
  burst?: number;
  /** Frames per second refilled into the connection's bucket. Default 200. */
  perSecond?: number;
  /** Frames refused in a row before the connection is closed with 4008. Default 100. */
  closeAfterRefused?: number;
  /** Limits shared by all the connections of one identity. */
  perIdentity?: IdentityRateLimitOptions;
  /** @deprecated The former name of `perSecond`; `perSecond` wins when both are given. */
  framesPerSecond?: number;
}

/** @deprecated Renamed {@link ConnectionRateLimitOptions} (`@chat/server` has its own rate limit options). */
export type RateLimitOptions = false | ConnectionRateLimitOptions;

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

  constructor(options: ConnectionRateLimitOptions, now = Date.now()) {
    const perSecond = options.perSecond ?? options.framesPerSecond ?? 200;
    this.#bucket = new TokenBucket({ burst: options.burst ?? 400, perSecond }, now);
    this.#closeAfter = options.closeAfterRefused ?? 100;
  }

  /**
   * Takes one token for a frame received at `now`. An 'ok' does not end a streak of refusals:
   * the frame may still be refused by the identity's budget; {@link accepted} ends it.
   */
  take(now = Date.now()): RateDecision {
    return this.#bucket.take(now) ? 'ok' : this.refused();
  }

  /** Milliseconds until this connection's bucket holds a token again (0: it holds one now). */
  waitMs(now = Date.now()): number {
    return this.#bucket.waitMs(now);
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

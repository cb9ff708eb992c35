import { TokenBucket, type TokenBucketOptions } from './TokenBucket.js';

/**
 * The per-client (IP) limit of `POST /token`: a {@link TokenBucketOptions} bucket per client.
 * Each field has a default: 20 at once, 1 per second, 10 000 clients.
 */
export interface ClientRateLimitOptions extends Partial<TokenBucketOptions> {
  /** Most clients tracked at once; past it, the least recently seen are forgotten. Default 10 000. */
  maxClients?: number;
  /** @deprecated The former name of `burst`; `burst` wins when both are given. */
  capacity?: number;
  /** @deprecated The former name of `perSecond`; `perSecond` wins when both are given. */
  refillPerSecond?: number;
}

/** @deprecated Renamed {@link ClientRateLimitOptions} (`@chat/local-server` has its own rate limit options). */
export type RateLimitOptions = ClientRateLimitOptions;

/** What {@link RateLimiter.take} decided. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Token buckets keyed by client (IP). */
export interface RateLimiter {
  /** Takes one request from `key`'s bucket at time `now` (ms). */
  take(key: string, now?: number): RateLimitDecision;
}

/**
 * Creates an in-memory token-bucket limiter, one {@link TokenBucket} per key. Memory stays
 * bounded without timers: a Map keeps insertion order, each hit re-inserts its key, so the first
 * keys are the least recently seen and are the ones dropped when `maxClients` is reached.
 *
 * @throws {RangeError} when `burst` is under 1, `perSecond` not above 0 or `maxClients` under 1.
 */
export function createRateLimiter(options: ClientRateLimitOptions = {}): RateLimiter {
  const bucket: TokenBucketOptions = {
    burst: options.burst ?? options.capacity ?? 20,
    perSecond: options.perSecond ?? options.refillPerSecond ?? 1,
  };
  const { maxClients = 10_000 } = options;
  if (!(bucket.burst >= 1) || !(bucket.perSecond > 0) || !(maxClients >= 1)) {
    throw new RangeError(
      `createApp({ rateLimit }): burst must be at least 1, perSecond above 0 and maxClients at least 1, got ${JSON.stringify({ ...bucket, maxClients })}; pass rateLimit: false to turn it off.`,
    );
  }
  const buckets = new Map<string, TokenBucket>();

  return {
    take(key, now = Date.now()) {
      let found = buckets.get(key);
      if (found === undefined) {
        if (buckets.size >= maxClients) {
          const oldest = buckets.keys().next().value;
          if (oldest !== undefined) buckets.delete(oldest);
        }
        found = new TokenBucket(bucket, now);
      } else {
        buckets.delete(key);
      }
      buckets.set(key, found);
      if (found.take(now)) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.ceil(found.waitMs(now) / 1000) };
    },
  };
}

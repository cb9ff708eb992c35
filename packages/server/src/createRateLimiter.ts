/** A per-client token bucket: `capacity` requests at once, refilled at `refillPerSecond`. */
export interface RateLimitOptions {
  /** Burst size: how many requests a client may make at once. */
  capacity: number;
  /** Sustained rate: requests per second added back to each client's bucket. */
  refillPerSecond: number;
  /** Most clients tracked at once; past it, the least recently seen are forgotten. Default 10 000. */
  maxClients?: number;
}

/** What {@link RateLimiter.take} decided. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Token buckets keyed by client (IP). */
export interface RateLimiter {
  /** Takes one request from `key`'s bucket at time `now` (ms). */
  take(key: string, now?: number): RateLimitDecision;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Creates an in-memory token-bucket limiter. Memory stays bounded without timers: a Map keeps
 * insertion order, each hit re-inserts its key, so the first keys are the least recently seen
 * and are the ones dropped when `maxClients` is reached.
 */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { capacity, refillPerSecond, maxClients = 10_000 } = options;
  if (!(capacity >= 1) || !(refillPerSecond > 0) || !(maxClients >= 1)) {
    throw new RangeError(
      `rateLimit needs capacity >= 1 and refillPerSecond > 0 (got capacity ${capacity}, ` +
        `refillPerSecond ${refillPerSecond}); pass rateLimit: false to turn it off`,
    );
  }
  const buckets = new Map<string, Bucket>();

  return {
    take(key, now = Date.now()) {
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= maxClients) {
          const oldest = buckets.keys().next().value;
          if (oldest !== undefined) buckets.delete(oldest);
        }
        bucket = { tokens: capacity, updatedAt: now };
      } else {
        buckets.delete(key);
        const elapsed = Math.max(0, now - bucket.updatedAt); // a clock stepping back refills nothing
        const refilled = bucket.tokens + (elapsed / 1000) * refillPerSecond;
        bucket.tokens = Math.min(capacity, refilled);
        bucket.updatedAt = now;
      }
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / refillPerSecond) };
    },
  };
}

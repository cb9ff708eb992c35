import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../createRateLimiter.js';

describe('createRateLimiter', () => {
  it('allows a burst, then refills at the configured rate', () => {
    const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 0.5 });
    expect(limiter.take('a', 0)).toEqual({ allowed: true });
    expect(limiter.take('a', 0)).toEqual({ allowed: true });
    expect(limiter.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(limiter.take('b', 0)).toEqual({ allowed: true });
    expect(limiter.take('a', 1000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('a', 2000)).toEqual({ allowed: true });
    // Never more than the capacity, however long the client was away.
    expect(limiter.take('a', 1_000_000)).toEqual({ allowed: true });
    expect(limiter.take('a', 1_000_000)).toEqual({ allowed: true });
    expect(limiter.take('a', 1_000_000).allowed).toBe(false);
    // A clock stepping back refills nothing.
    expect(limiter.take('a', 0).allowed).toBe(false);
  });

  it('forgets the least recently seen client past maxClients', () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 0.001, maxClients: 2 });
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0); // evicts a
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('c', 0).allowed).toBe(false);
  });

  it('takes { burst, perSecond } like every rate limit option; the old names still work, the new ones win', () => {
    const limiter = createRateLimiter({ burst: 1, perSecond: 0.5 });
    expect(limiter.take('a', 0)).toEqual({ allowed: true });
    expect(limiter.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    const both = createRateLimiter({ burst: 2, capacity: 1, perSecond: 1, refillPerSecond: 0.001 });
    expect([both.take('a', 0), both.take('a', 0), both.take('a', 1000)].map((d) => d.allowed)).toEqual([
      true,
      true,
      true,
    ]);
    // Without options: the token endpoint's defaults, 20 at once, then 1 per second.
    const defaults = createRateLimiter();
    for (let i = 0; i < 20; i += 1) expect(defaults.take('a', 0).allowed).toBe(true);
    expect(defaults.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refuses nonsense settings', () => {
    expect(() => createRateLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(/rateLimit: false/);
    expect(() => createRateLimiter({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
    expect(() => createRateLimiter({ burst: 0.5 })).toThrow(/burst must be at least 1/);
  });
});

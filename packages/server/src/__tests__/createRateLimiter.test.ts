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

  it('refuses nonsense settings', () => {
    expect(() => createRateLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(/rateLimit: false/);
    expect(() => createRateLimiter({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });
});

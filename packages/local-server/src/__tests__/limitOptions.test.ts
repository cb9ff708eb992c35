import { devKeys } from '@chat/server';
import { describe, expect, test } from 'vitest';
import { resolveOptions } from '../options.js';
import { RateLimiter } from '../rateLimiter.js';

describe('abuse limit options', () => {
  test('the defaults are those the README lists', () => {
    const resolved = resolveOptions({ keys: devKeys });
    expect(resolved).toMatchObject({
      maxConnections: 1024,
      maxConnectionsPerAddress: 256,
      maxSocketsPerIdentity: 20,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5000,
      unattachedMediaTtlMs: 3_600_000,
      uploadLimits: {
        perWindow: 100,
        bytesPerWindow: 50 * 1024 * 1024,
        windowMs: 600_000,
        concurrentPerIdentity: 10,
        concurrent: 20,
      },
      identityRates: { framesPerSecond: 400, burst: 800, sendsPerSecond: 20, sendBurst: 120 },
    });
    // The identity's frame budget follows a raised per-connection one.
    expect(
      resolveOptions({ keys: devKeys, rateLimit: { framesPerSecond: 1e6, burst: 1e6 } }).identityRates,
    ).toMatchObject({
      framesPerSecond: 2e6,
      burst: 2e6,
    });
    expect(resolveOptions({ keys: devKeys, rateLimit: false, uploadLimits: false })).toMatchObject({
      identityRates: null,
      uploadLimits: null,
    });
  });

  test('rate limits take { burst, perSecond } as @chat/server does; the former names still work, the new ones win', () => {
    const current = resolveOptions({
      keys: devKeys,
      rateLimit: {
        perSecond: 10,
        burst: 20,
        perIdentity: { perSecond: 30, burst: 40, sends: { perSecond: 5, burst: 6 } },
      },
    });
    const former = resolveOptions({
      keys: devKeys,
      rateLimit: {
        framesPerSecond: 10,
        burst: 20,
        perIdentity: { framesPerSecond: 30, burst: 40, sendsPerSecond: 5, sendBurst: 6 },
      },
    });
    const expected = { framesPerSecond: 30, burst: 40, sendsPerSecond: 5, sendBurst: 6 };
    expect(current.identityRates).toEqual(expected);
    expect(former.identityRates).toEqual(expected);
    // The identity's frame budget follows the per-connection perSecond, under either name.
    expect(resolveOptions({ keys: devKeys, rateLimit: { perSecond: 1e6 } }).identityRates).toMatchObject({
      framesPerSecond: 2e6,
    });
    const both = resolveOptions({
      keys: devKeys,
      rateLimit: { perIdentity: { perSecond: 1, framesPerSecond: 2, sends: { burst: 3 }, sendBurst: 4 } },
    });
    expect(both.identityRates).toMatchObject({ framesPerSecond: 1, sendBurst: 3 });
    expect(() =>
      resolveOptions({ keys: devKeys, rateLimit: { perIdentity: { sends: { perSecond: 0 } } } }),
    ).toThrow(/`rateLimit.perIdentity.sends.perSecond` must be a positive number, got 0/);
    // One connection's bucket: `burst` frames at once, then `perSecond`.
    const limiter = new RateLimiter({ burst: 2, perSecond: 1, framesPerSecond: 1000 }, 0);
    expect([limiter.take(0), limiter.take(0), limiter.take(0), limiter.take(1000)]).toEqual([
      'ok',
      'ok',
      'refuse',
      'ok',
    ]);
  });

  test.each([
    [{ maxConnections: 0 }, /`maxConnections` must be an integer of at least 1, got 0/],
    [
      { maxConnectionsPerAddress: 2.5 },
      /`maxConnectionsPerAddress` must be an integer of at least 1, got 2.5/,
    ],
    [{ maxSocketsPerIdentity: Number.NaN }, /`maxSocketsPerIdentity` .* got NaN/],
    [{ headersTimeoutMs: -1 }, /`headersTimeoutMs` .* got -1/],
    [{ keepAliveTimeoutMs: 0 }, /`keepAliveTimeoutMs` .* got 0/],
    [{ unattachedMediaTtlMs: 0 }, /`unattachedMediaTtlMs` must be a positive number, got 0/],
    [{ uploadLimits: { concurrent: 0 } }, /`uploadLimits.concurrent` .* got 0/],
    [
      { rateLimit: { perIdentity: { sendBurst: -5 } } },
      /`rateLimit.perIdentity.sendBurst` must be a positive number, got -5/,
    ],
  ])('%o is refused with a RangeError naming it', (options, message) => {
    expect(() => resolveOptions({ keys: devKeys, ...options })).toThrow(RangeError);
    expect(() => resolveOptions({ keys: devKeys, ...options })).toThrow(message);
  });
});

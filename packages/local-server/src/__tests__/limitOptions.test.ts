import { devKeys } from '@chat/server';
import { describe, expect, test } from 'vitest';
import { resolveOptions } from '../options.js';

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

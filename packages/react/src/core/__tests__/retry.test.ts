// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, REQUEST_BACKOFF, retryPolicy } from '../retry.js';

// Every retry of the store and of the local backend draws its delay from backoffDelay: these are the
// curves each caller had before they shared it (history loads, read horizons, the outbox, getToken
// and the first connection, the local backend's reconnect).

afterEach(() => {
  vi.restoreAllMocks();
});

const curve = (delay: (attempt: number) => number, attempts: number): number[] =>
  Array.from({ length: attempts }, (_, attempt) => delay(attempt));

describe('backoffDelay', () => {
  it('retries a request while connected after 0.25 s, doubling, never longer than 5 s, with no jitter', () => {
    expect(curve((a) => backoffDelay(REQUEST_BACKOFF, a), 7)).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000,
    ]);
    // However long a channel keeps failing, the delay stays a number at the ceiling.
    expect(backoffDelay(REQUEST_BACKOFF, 5000)).toBe(5000);
  });

  it('spreads getToken and connection retries over [d/2, d], 0.5 s doubling up to 10 s by default', () => {
    const { backoff } = retryPolicy();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(curve((a) => backoffDelay(backoff, a), 6)).toEqual([250, 500, 1000, 2000, 4000, 5000]);
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    expect(curve((a) => Math.round(backoffDelay(backoff, a)), 6)).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000,
    ]);
  });

  it("takes the store's retry options as the connection curve", () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const policy = retryPolicy({ attempts: 3, baseDelayMs: 40, maxDelayMs: 100, timeoutMs: 7 });
    expect(policy).toMatchObject({ attempts: 3, timeoutMs: 7 });
    expect(curve((a) => backoffDelay(policy.backoff, a), 4)).toEqual([20, 40, 50, 50]);
  });

  it('spreads reconnects over [0, d) with full jitter, so clients dropped together come back apart', () => {
    const reconnect = { baseMs: 250, maxMs: 10_000, jitter: 'full' } as const;
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(curve((a) => backoffDelay(reconnect, a), 7)).toEqual([125, 250, 500, 1000, 2000, 4000, 5000]);
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(backoffDelay(reconnect, 3)).toBe(0);
  });
});

import type { RetryOptions } from './api.js';

/**
 * A backoff curve: the delay before retry `attempt` (0 for the first retry) is `baseMs · 2^attempt`,
 * at most `maxMs`, then jittered. Every retry of the store and of the local backend draws its delay
 * from one of these with {@link backoffDelay}, so a curve is changed in one place.
 */
export interface Backoff {
  /** The first delay, in ms; doubled per attempt. */
  readonly baseMs: number;
  /** The longest delay, in ms. */
  readonly maxMs: number;
  /**
   * How much of the delay is random: `none` (exact: a lone client's retry of its own request),
   * `half` (in [d/2, d]), `full` (in [0, d): many clients dropped at once do not return at once).
   */
  readonly jitter: 'none' | 'half' | 'full';
}

/**
 * The store's retries of one request while connected (a history load, a read-horizon move, a send
 * of the outbox): 0.25 s doubling up to 5 s, exact (one client, one request: nothing to spread).
 */
export const REQUEST_BACKOFF: Backoff = { baseMs: 250, maxMs: 5000, jitter: 'none' };

/** The delay before retry `attempt` (0-based) on `backoff`'s curve. */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  // Past 2^30 the ceiling is maxMs anyway; the cap keeps the power finite.
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  if (backoff.jitter === 'none') return ceiling;
  return backoff.jitter === 'full' ? Math.random() * ceiling : ceiling / 2 + Math.random() * (ceiling / 2);
}

/** The retry policy of `getToken`, the first connection and the resync, with defaults filled in. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly timeoutMs: number;
  readonly backoff: Backoff;
}

/** Defaults: 5 attempts, 0.5 s doubling up to 10 s (jitter in [d/2, d]), 15 s per `getToken` call. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    attempts: options.attempts ?? 5,
    timeoutMs: options.timeoutMs ?? 15_000,
    backoff: { baseMs: options.baseDelayMs ?? 500, maxMs: options.maxDelayMs ?? 10_000, jitter: 'half' },
  };
}

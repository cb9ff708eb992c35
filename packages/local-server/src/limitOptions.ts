import type { UploadLimitOptions, UploadLimits } from './http/UploadQuota.js';
import type { IdentityRates } from './identityLimits.js';
import type { ConnectionRateLimitOptions } from './rateLimiter.js';

/**
 * The options that keep one user, or one address, from locking others out or stalling the
 * server (README, "Abuse limits"). The defaults are meant for a server others can reach.
 */
export interface AbuseLimitOptions {
  /** TCP connections open at once, HTTP and WebSocket alike; more are closed at once. Default 1024. */
  maxConnections?: number;
  /** TCP connections open at once from one address (IPv6: one /64). Default 256. */
  maxConnectionsPerAddress?: number;
  /** Signed-in WebSockets of one identity; one more `hello` gets `rate_limited` and close 4009. Default 20. */
  maxSocketsPerIdentity?: number;
  /** Time for an HTTP request's headers to arrive; then 408 and the connection is closed. Default 10 000 ms. */
  headersTimeoutMs?: number;
  /** An idle keep-alive HTTP connection is closed after this. Default 5000 ms. */
  keepAliveTimeoutMs?: number;
  /** Upload quotas per identity and the cap on uploads in progress, or `false` (benchmarks). */
  uploadLimits?: UploadLimitOptions;
  /** An upload no message uses by then is deleted (its URL then answers 404). Default 3 600 000 ms (1 h). */
  unattachedMediaTtlMs?: number;
}

/** {@link AbuseLimitOptions} with every default applied. */
export interface ResolvedAbuseLimits {
  maxConnections: number;
  maxConnectionsPerAddress: number;
  maxSocketsPerIdentity: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** null: no upload quota. */
  uploadLimits: UploadLimits | null;
  unattachedMediaTtlMs: number;
  /** The per-identity rates (from `rateLimit.perIdentity`), null when `rateLimit` is false. */
  identityRates: IdentityRates | null;
}

function check(name: string, value: number, test: (n: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !test(value)) {
    throw new RangeError(`createLocalServer: \`${name}\` must be ${expected}, got ${String(value)}.`);
  }
  return value;
}

const count = (name: string, value: number) =>
  check(name, value, (n) => Number.isInteger(n) && n >= 1, 'an integer of at least 1');
const positive = (name: string, value: number) =>
  check(name, value, (n) => n > 0 && !Number.isNaN(n), 'a positive number');

/**
 * A positive rate option of `rateLimit.perIdentity` that was renamed: the current name's value
 * when given, else the former name's, else `fallback`; a bad value is refused under the name given.
 */
function rename(
  current: [string, number | undefined],
  former: [string, number | undefined],
  fallback: number,
): number {
  const [name, value] = current[1] === undefined && former[1] !== undefined ? former : current;
  return positive(`rateLimit.perIdentity.${name}`, value ?? fallback);
}

/** The buckets of each identity: twice one connection's frames (a second tab fits, twenty sockets do not multiply it). */
function resolveIdentityRates(rate: ConnectionRateLimitOptions): IdentityRates {
  const perIdentity = rate.perIdentity ?? {};
  const sends = perIdentity.sends ?? {};
  return {
    framesPerSecond: rename(
      ['perSecond', perIdentity.perSecond],
      ['framesPerSecond', perIdentity.framesPerSecond],
      2 * (rate.perSecond ?? rate.framesPerSecond ?? 200),
    ),
    burst: positive('rateLimit.perIdentity.burst', perIdentity.burst ?? 2 * (rate.burst ?? 400)),
    sendsPerSecond: rename(
      ['sends.perSecond', sends.perSecond],
      ['sendsPerSecond', perIdentity.sendsPerSecond],
      20,
    ),
    sendBurst: rename(['sends.burst', sends.burst], ['sendBurst', perIdentity.sendBurst], 120),
  };
}

/** Applies the defaults of {@link AbuseLimitOptions} and refuses values that would disable a limit by mistake. */
export function resolveAbuseLimits(
  options: AbuseLimitOptions & { rateLimit?: ConnectionRateLimitOptions | false },
): ResolvedAbuseLimits {
  const rate = options.rateLimit ?? {};
  const uploads = options.uploadLimits ?? {};
  return {
    maxConnections: count('maxConnections', options.maxConnections ?? 1024),
    maxConnectionsPerAddress: count('maxConnectionsPerAddress', options.maxConnectionsPerAddress ?? 256),
    maxSocketsPerIdentity: count('maxSocketsPerIdentity', options.maxSocketsPerIdentity ?? 20),
    headersTimeoutMs: count('headersTimeoutMs', options.headersTimeoutMs ?? 10_000),
    keepAliveTimeoutMs: count('keepAliveTimeoutMs', options.keepAliveTimeoutMs ?? 5000),
    // Infinity keeps every upload.
    unattachedMediaTtlMs: positive('unattachedMediaTtlMs', options.unattachedMediaTtlMs ?? 3_600_000),
    uploadLimits:
      uploads === false
        ? null
        : {
            perWindow: count('uploadLimits.perWindow', uploads.perWindow ?? 100),
            bytesPerWindow: count('uploadLimits.bytesPerWindow', uploads.bytesPerWindow ?? 50 * 1024 * 1024),
            windowMs: count('uploadLimits.windowMs', uploads.windowMs ?? 600_000),
            concurrentPerIdentity: count(
              'uploadLimits.concurrentPerIdentity',
              uploads.concurrentPerIdentity ?? 10,
            ),
            concurrent: count('uploadLimits.concurrent', uploads.concurrent ?? 20),
          },
    identityRates: rate === false ? null : resolveIdentityRates(rate),
  };
}

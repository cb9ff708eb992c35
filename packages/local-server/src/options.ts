import { type ChatKeys, devKeys } from '@chat/server';
import { type AbuseLimitOptions, type ResolvedAbuseLimits, resolveAbuseLimits } from './limitOptions.js';
import { type QuotaOptions, type ResolvedQuotas, resolveQuotas } from './quotaOptions.js';
import type { ConnectionRateLimitOptions } from './rateLimiter.js';
import {
  type ResolvedTwilioOptions,
  resolveTwilioOptions,
  type TwilioOptions,
} from './twilio/twilioOptions.js';

/** Where the server writes its one-line notices (start, refused uploads, internal errors). */
export interface LocalServerLogger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

/**
 * Options of {@link createLocalServer}. Only `keys` is required. The connection, rate and upload
 * limits are in {@link AbuseLimitOptions}.
 */
export interface LocalServerOptions extends AbuseLimitOptions {
  /** The same four keys `@chat/server` signs tokens with; only tokens they verify are accepted. */
  keys: ChatKeys;
  /** TCP port; 0 picks a free one (tests). Default 3002. */
  port?: number;
  /** Interface to bind. Default '127.0.0.1' (never exposed beyond the machine by default). */
  host?: string;
  /** SQLite file, created with its folder if missing, or ':memory:'. Default '.chat-data/chat.db'. */
  dbPath?: string;
  /** How long before `exp` a connection receives `tokenAboutToExpire`. Default 60 000 ms. */
  tokenRefreshMarginMs?: number;
  /** Largest accepted upload in bytes. Default 10 MiB. */
  mediaMaxBytes?: number;
  /** Time allowed for a whole upload body (then 408 and the connection is closed). Default 15 000 ms. */
  uploadTimeoutMs?: number;
  /** Silence after which a typist's `typingEnded` is sent. Default 5000 ms. */
  typingTimeoutMs?: number;
  /** How long a new connection may wait before `hello` (then close 4001). Default 10 000 ms. */
  helloTimeoutMs?: number;
  /** Interval of WebSocket pings; a socket that misses one pong is cut. Default 30 000 ms. */
  heartbeatMs?: number;
  /** Lifetime of the signed URLs `mediaUrl` returns. Default 300 000 ms (5 min). */
  mediaUrlTtlMs?: number;
  /**
   * Per-connection and per-identity token buckets, each `{ burst, perSecond }` (README, "Abuse
   * limits"), or `false` to turn them all off (benchmarks).
   */
  rateLimit?: ConnectionRateLimitOptions | false;
  /**
   * Browser origins allowed to call the HTTP endpoints (uploads, downloads). Default: any
   * `http(s)://localhost`, `127.0.0.1` or `[::1]` origin, on any port.
   */
  corsOrigins?: string[] | ((origin: string) => boolean);
  /** Notices; default writes to the console. Pass `{ info() {}, error() {} }` to silence. */
  logger?: LocalServerLogger;
  /**
   * Limits on channels and memberships per identity (README, "Quotas"): each field defaults
   * safely (1000 channels per identity, 1000 members per channel, 100 channels created and 50
   * groups joined by another's hand per identity per hour); `false` turns them all off.
   */
  quotas?: QuotaOptions | false;
  /**
   * The Twilio emulator (a second front door on the same port and data for the real Twilio SDKs,
   * README "Twilio emulator"), or `false` to turn it off. Default `{}`.
   */
  twilio?: TwilioOptions | false;
}

/** Options with every default applied. */
export type ResolvedOptions = Required<
  Omit<LocalServerOptions, 'corsOrigins' | 'rateLimit' | 'quotas' | 'twilio' | keyof AbuseLimitOptions>
> & {
  rateLimit: ConnectionRateLimitOptions | false;
  allowOrigin: (origin: string) => boolean;
  /** Null when `quotas: false`. */
  quotas: ResolvedQuotas;
  twilio: ResolvedTwilioOptions | false;
} & ResolvedAbuseLimits;

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

const consoleLogger: LocalServerLogger = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, error ?? ''),
};

/** Applies defaults and checks the values a typo would make dangerous or silly. */
export function resolveOptions(options: LocalServerOptions): ResolvedOptions {
  const { keys } = options;
  if (!keys?.apiSecret || !keys.apiKey || !keys.accountSid || !keys.serviceSid) {
    throw new TypeError(
      'createLocalServer: `keys` must be { accountSid, apiKey, apiSecret, serviceSid }; pass devKeys from @chat/server for development.',
    );
  }
  // The development secret is public: with it anyone can sign a token for any identity.
  if (process.env.NODE_ENV === 'production' && keys.apiSecret === devKeys.apiSecret) {
    throw new Error(
      'createLocalServer: the development keys (devKeys) are refused when NODE_ENV=production, since anyone can sign tokens with them; pass your own keys (main.js: set TWILIO_ACCOUNT_SID, TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_SERVICE_SID).',
    );
  }
  const cors = options.corsOrigins;
  const allowOrigin =
    typeof cors === 'function'
      ? cors
      : Array.isArray(cors)
        ? (origin: string) => cors.includes(origin)
        : (origin: string) => LOCAL_ORIGIN.test(origin);
  const resolved: ResolvedOptions = {
    keys,
    port: options.port ?? 3002,
    host: options.host ?? '127.0.0.1',
    dbPath: options.dbPath ?? '.chat-data/chat.db',
    tokenRefreshMarginMs: options.tokenRefreshMarginMs ?? 60_000,
    mediaMaxBytes: options.mediaMaxBytes ?? 10 * 1024 * 1024,
    typingTimeoutMs: options.typingTimeoutMs ?? 5000,
    uploadTimeoutMs: options.uploadTimeoutMs ?? 15_000,
    helloTimeoutMs: options.helloTimeoutMs ?? 10_000,
    mediaUrlTtlMs: options.mediaUrlTtlMs ?? 300_000,
    heartbeatMs: options.heartbeatMs ?? 30_000,
    rateLimit: options.rateLimit ?? {},
    logger: options.logger ?? consoleLogger,
    allowOrigin,
    quotas: resolveQuotas(options.quotas),
    ...resolveAbuseLimits(options),
    twilio: options.twilio === false ? false : resolveTwilioOptions(options.twilio),
  };
  const nonNegative = [
    'tokenRefreshMarginMs',
    'mediaMaxBytes',
    'typingTimeoutMs',
    'helloTimeoutMs',
    'uploadTimeoutMs',
    'mediaUrlTtlMs',
  ] as const;
  for (const key of nonNegative) {
    if (!Number.isFinite(resolved[key]) || resolved[key] < 0) {
      throw new RangeError(
        `createLocalServer: \`${key}\` must be a non-negative number, got ${resolved[key]}.`,
      );
    }
  }
  if (!(resolved.heartbeatMs >= 10)) {
    throw new RangeError(
      `createLocalServer: \`heartbeatMs\` must be at least 10, got ${resolved.heartbeatMs}.`,
    );
  }
  return resolved;
}

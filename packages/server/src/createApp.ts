import cors from '@koa/cors';
import Koa, { type Context, type Next } from 'koa';
import {
  type AuthenticateContext,
  type Authenticator,
  DEV_AUTHENTICATOR_IN_PRODUCTION,
  devAuthenticator,
} from './authenticate.js';
import type { ChatKeys } from './ChatKeys.js';
import { checkKeys } from './checkKeys.js';
import { type ClientRateLimitOptions, createRateLimiter } from './createRateLimiter.js';
import { createRoutes } from './createRoutes.js';
import { devKeys } from './devKeys.js';
import { errorHandler } from './errorHandler.js';
import { HttpError } from './HttpError.js';
import { createJsonLogger, type Logger } from './logger.js';
import { readJsonBody } from './readJsonBody.js';
import { createAccessToken } from './token.js';
import { checkTtlSeconds, DEFAULT_TTL_SECONDS } from './ttl.js';

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /** The Twilio keys tokens are signed with (`devKeys` for the local chat server). */
  keys: ChatKeys;
  /** Who may get a token for which identity. Default: `devAuthenticator()` (refused in production). */
  authenticate?: Authenticator;
  /**
   * Origins allowed to call from a browser: exact strings (`https://app.example.com`) or RegExps.
   * A request with any other `Origin` gets 403. Requests without `Origin` (curl, servers) pass.
   * Default: `http://localhost` and `http://127.0.0.1` on any port.
   */
  corsOrigins?: ReadonlyArray<string | RegExp>;
  /** Token lifetime, 180–86400 seconds (Twilio's 3 min – 24 h). Default 3600. */
  ttlSeconds?: number;
  /** Where to log (JSON lines on stdout by default). Secrets and tokens are never logged. */
  logger?: Logger;
  /**
   * Per-client (IP) token bucket for `POST /token`: `{ burst, perSecond, maxClients? }`, each
   * defaulting (20 at once, 1 per second, 10 000 clients); `false` turns it off.
   */
  rateLimit?: ClientRateLimitOptions | false;
  /**
   * How many reverse proxies of yours stand in front of the server, each appending the address it
   * sees to `X-Forwarded-For` (nginx: `$proxy_add_x_forwarded_for`). The client address used by the
   * rate limit and the logs is then the one the outermost of them saw: the `proxyHops`-th entry from
   * the right. Entries further left are written by the client and ignored. Default 0: the socket's
   * address, `X-Forwarded-For` ignored. Never set it higher than the real number of proxies.
   */
  proxyHops?: number;
  /** @deprecated Use `proxyHops: 1`. `true` trusts one proxy hop (`proxyHops: 1`); ignored when `proxyHops` is set. */
  proxy?: boolean;
  /** Largest accepted request body in bytes. Default 4096. */
  bodyLimitBytes?: number;
  /** How long a request body may take to arrive, in ms. Default 10 000. */
  bodyTimeoutMs?: number;
}

/** Default browser origins: the Vite dev server and any other local port. */
export const DEFAULT_CORS_ORIGINS: ReadonlyArray<RegExp> = [
  /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/,
];
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Creates the token server's Koa app; it never listens (`http.createServer(app.callback())`).
 * `POST /token` authenticates the caller and answers `{ token, identity, expiresAt }` (ISO 8601);
 * `GET /healthz` answers `{ ok: true }`. Every error is `4xx {"error":{"code","message"}}`.
 *
 * @throws {Error} when the keys are malformed, `ttlSeconds` or `proxyHops` is out of range, or the development
 *   authenticator (or dev keys) would run with `NODE_ENV=production`.
 */
export function createApp(options: CreateAppOptions): Koa {
  const { keys, corsOrigins = DEFAULT_CORS_ORIGINS, logger = createJsonLogger() } = options;
  const proxyHops = options.proxyHops ?? (options.proxy === true ? 1 : 0);
  if (!Number.isInteger(proxyHops) || proxyHops < 0) {
    throw new RangeError(
      `createApp: proxyHops is ${proxyHops}; give the whole number of proxies in front of the server (0 for none).`,
    );
  }
  const problems = checkKeys(keys);
  if (problems.length > 0) {
    const bad = problems.map((p) => `${p.key} ${p.problem}`).join('; ');
    throw new Error(`createApp: bad keys: ${bad}. Pass the four keys of your Twilio account.`);
  }
  const ttlSeconds = checkTtlSeconds(options.ttlSeconds ?? DEFAULT_TTL_SECONDS);
  const production = process.env.NODE_ENV === 'production';
  const authenticate = options.authenticate ?? devAuthenticator();
  if (production && authenticate.developmentOnly) throw new Error(DEV_AUTHENTICATOR_IN_PRODUCTION);
  if (production && keys.apiSecret === devKeys.apiSecret) {
    throw new Error(
      'createApp: the local development keys are refused when NODE_ENV=production; pass real Twilio keys.',
    );
  }
  const limiter = options.rateLimit === false ? null : createRateLimiter(options.rateLimit);
  const bodyOptions = {
    limitBytes: options.bodyLimitBytes ?? 4096,
    timeoutMs: options.bodyTimeoutMs ?? 10_000,
  };

  const allowed = (origin: string) =>
    corsOrigins.some((entry) => (typeof entry === 'string' ? entry === origin : entry.test(origin)));

  const corsMiddleware = cors({
    origin: (ctx) => ctx.get('Origin'),
    allowMethods: 'GET,POST',
    allowHeaders: 'Authorization,Content-Type',
    maxAge: 600,
  });

  const issueToken = async (ctx: Context) => {
    if (limiter !== null) {
      const decision = limiter.take(ctx.ip);
      if (!decision.allowed) {
        throw new HttpError(
          429,
          'rate_limited',
          `too many token requests from this client; retry in ${decision.retryAfterSeconds} s.`,
          {
            'Retry-After': String(decision.retryAfterSeconds),
          },
        );
      }
    }
    const authCtx = ctx as AuthenticateContext;
    authCtx.request.body = await readJsonBody(ctx.req, bodyOptions);
    const result = authenticate(authCtx);
    // Skip a microtask for synchronous authenticators (the development one).
    const identity = typeof result === 'string' ? result : await result;
    const now = Date.now();
    const token = createAccessToken(keys, identity, { ttlSeconds, now }); // validates the identity
    ctx.state.identity = identity;
    ctx.set('Cache-Control', 'no-store');
    // The same bytes Koa would write for the object, serialised here once: setting the type
    // ourselves skips Koa's per-request mime lookup, and a string body skips its JSON path.
    ctx.set('Content-Type', JSON_TYPE);
    ctx.body = `{"token":${JSON.stringify(token)},"identity":${JSON.stringify(identity)},"expiresAt":"${expiresAt(now)}"}`;
  };
  // The ISO expiry changes once a second; formatting a Date per request cost ~1 µs.
  let expirySecond = -1;
  let expiryIso = '';
  const expiresAt = (now: number) => {
    const second = Math.floor(now / 1000);
    if (second !== expirySecond) {
      expirySecond = second;
      expiryIso = new Date((second + ttlSeconds) * 1000).toISOString();
    }
    return expiryIso;
  };
  const routes = createRoutes({
    '/token': { POST: issueToken },
    '/healthz': {
      GET: (ctx) => {
        ctx.body = { ok: true };
      },
    },
  });

  // Koa's `ip` is the leftmost entry of `X-Forwarded-For`, which the client writes; `maxIpsCount`
  // keeps only the last `proxyHops` entries, those the proxies appended, so `ip` is the address the
  // outermost proxy saw.
  const app = new Koa({ proxy: proxyHops > 0, maxIpsCount: proxyHops });
  app.on('error', (error: unknown) => {
    logger.error('unexpected error', { error: error instanceof Error ? error.message : String(error) });
  });
  app.use(errorHandler(logger));
  // CORS work only for browser requests (they carry Origin). Browsers enforce CORS on reading
  // responses, not on sending requests, so unknown origins are refused outright: that also keeps
  // other websites from spending a user's rate limit.
  app.use((ctx: Context, next: Next) => {
    const origin = ctx.req.headers.origin ?? '';
    if (origin === '') return next();
    if (!allowed(origin)) {
      throw new HttpError(
        403,
        'forbidden',
        `origin ${JSON.stringify(origin)} is not allowed; add it to corsOrigins (CORS_ORIGINS).`,
      );
    }
    return corsMiddleware(ctx, next);
  });
  app.use(routes);
  return app;
}

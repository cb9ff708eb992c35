import cors from '@koa/cors';
import { Router } from '@koa/router';
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

  const router = new Router();
  router.post('/token', async (ctx: Context) => {
    if (limiter !== null) {
      const decision = limiter.take(ctx.ip);
      if (!decision.allowed) {
        const seconds = decision.retryAfterSeconds;
        throw new HttpError(
          429,
          'rate_limited',
          `too many token requests from this client; retry in ${seconds} s.`,
          { 'Retry-After': String(seconds) },
        );
      }
    }
    const authCtx = ctx as AuthenticateContext;
    authCtx.request.body = await readJsonBody(ctx.req, bodyOptions);
    const identity = await authenticate(authCtx);
    const now = Date.now();
    const token = createAccessToken(keys, identity, { ttlSeconds, now }); // validates the identity
    // The token's `exp`: whole seconds, as every JWT time.
    const expiresAt = new Date((Math.floor(now / 1000) + ttlSeconds) * 1000).toISOString();
    ctx.state.identity = identity;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { token, identity, expiresAt };
  });
  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true };
  });

  // Koa's `ip` is the leftmost entry of `X-Forwarded-For`, which the client writes; `maxIpsCount`
  // keeps only the last `proxyHops` entries, those the proxies appended, so `ip` is the address the
  // outermost proxy saw.
  const app = new Koa({ proxy: proxyHops > 0, maxIpsCount: proxyHops });
  app.on('error', (error: unknown) => {
    logger.error('unexpected error', { error: error instanceof Error ? error.message : String(error) });
  });
  app.use(errorHandler(logger));
  app.use(
    cors({
      // Browsers enforce CORS on reading responses, not on sending requests, so an unknown origin
      // is refused outright rather than just left without CORS headers: that also keeps other
      // websites from spending a user's rate limit. Requests without Origin (curl, servers) pass.
      origin: (ctx) => {
        const origin = ctx.get('Origin');
        if (origin === '' || allowed(origin)) return origin;
        throw new HttpError(
          403,
          'forbidden',
          `origin ${JSON.stringify(origin)} is not allowed; add it to corsOrigins (CORS_ORIGINS).`,
        );
      },
      allowMethods: 'GET,POST',
      allowHeaders: 'Authorization,Content-Type',
      maxAge: 600,
    }),
  );
  app.use(routeMisses);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/**
 * Gives the router's bare misses the JSON error shape: Koa's default 404 for an unknown path, and
 * `allowedMethods`' 405 (501 for a method the router does not know, e.g. TRACE) with `Allow` for a
 * known path asked with another method.
 */
async function routeMisses(ctx: Context, next: Next): Promise<void> {
  await next();
  if (ctx.body !== undefined) return;
  if (ctx.status === 404) {
    throw new HttpError(404, 'not_found', `no route for ${ctx.method} ${ctx.path}; try POST /token`);
  }
  if (ctx.status === 405 || ctx.status === 501) {
    const allow = ctx.response.get('Allow');
    throw new HttpError(405, 'method_not_allowed', `${ctx.method} is not allowed here; use ${allow}`, {
      Allow: allow,
    });
  }
}

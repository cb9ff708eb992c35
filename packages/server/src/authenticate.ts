import type { Context } from 'koa';
import { HttpError } from './HttpError.js';
import { validateIdentity } from './validateIdentity.js';

/** The Koa context an authenticator sees: `ctx.request.body` is the parsed JSON body, if any. */
export type AuthenticateContext = Context & { request: { body: unknown } };

/**
 * Decides who is calling `POST /token` and returns the chat identity to mint a token for.
 * Throw an `HttpError` (401 `unauthorized`, 403 `forbidden`) to refuse; the app validates the
 * returned identity (1–128 characters, no `#`, no control characters) before minting.
 */
export type Authenticator = ((ctx: AuthenticateContext) => string | Promise<string>) & {
  /** Set on authenticators that trust the caller blindly; such ones are refused in production. */
  readonly developmentOnly?: boolean;
};

/** The message for starting the development authenticator with `NODE_ENV=production`. */
export const DEV_AUTHENTICATOR_IN_PRODUCTION =
  'The development authenticator gives a token for any identity the caller names, so it is refused ' +
  'when NODE_ENV=production. Pass createApp({ authenticate: bearerJwtAuthenticator({ jwksUrl or secret, ' +
  'issuer, audience }) }), or when starting the server with main.js set AUTH_JWKS_URL (or ' +
  'AUTH_JWT_SECRET) together with AUTH_ISSUER and AUTH_AUDIENCE.';

/**
 * The development authenticator: trusts `{"identity":"alice"}` from the JSON body, exactly what
 * the seed's server did. Anyone can get a token for anyone, so it is for local development and
 * tests only and throws when `NODE_ENV=production` (so does `createApp` when given it).
 */
export function devAuthenticator(): Authenticator {
  if (process.env.NODE_ENV === 'production') throw new Error(DEV_AUTHENTICATOR_IN_PRODUCTION);
  const authenticate = (ctx: AuthenticateContext): string => {
    const body = ctx.request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError(
        400,
        'invalid_argument',
        'the body is not a JSON object with an identity; send e.g. {"identity":"alice"}.',
      );
    }
    return validateIdentity((body as { identity?: unknown }).identity);
  };
  return Object.assign(authenticate, { developmentOnly: true as const });
}

import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { AuthenticateContext, Authenticator } from './authenticate.js';
import { isCanonicalBase64url } from './canonicalBase64url.js';
import { HttpError } from './HttpError.js';
import { validateIdentity } from './validateIdentity.js';

/** Options of {@link bearerJwtAuthenticator}: give exactly one of `secret` or `jwksUrl`. */
export interface BearerJwtAuthenticatorOptions {
  /** Shared HMAC secret (HS256/384/512), e.g. Supabase's JWT secret. At least 32 bytes. */
  secret?: string | Uint8Array;
  /** The identity provider's JWKS URL, e.g. `https://YOUR_TENANT.auth0.com/.well-known/jwks.json`. */
  jwksUrl?: string | URL;
  /** Required `iss` (one or several). Strongly recommended. */
  issuer?: string | string[];
  /** Required `aud` (one or several). Strongly recommended. */
  audience?: string | string[];
  /** The claim that holds the chat identity; a dotted path reaches nested claims. Default `sub`. */
  identityClaim?: string;
  /** Accepted algorithms. Default: HS256/384/512 with a secret, RS/PS/ES/EdDSA with a JWKS. */
  algorithms?: string[];
  /** Clock skew allowed for `exp`/`nbf`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
}

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
const PUBLIC_KEY_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i;
const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

function claimAt(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function toHttpError(error: unknown): HttpError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_JWT_EXPIRED') {
    return new HttpError(401, 'unauthorized', 'the bearer token has expired; sign in again.', CHALLENGE);
  }
  if (
    typeof code === 'string' &&
    /^ERR_(JWT|JWS|JOSE_ALG|JOSE_NOT_SUPPORTED|JWKS_NO_MATCHING|JWKS_MULTIPLE)/.test(code)
  ) {
    const detail = error instanceof Error ? error.message : code;
    return new HttpError(
      401,
      'unauthorized',
      `the bearer token was refused (${detail}); sign in again.`,
      CHALLENGE,
    );
  }
  // Anything else is the identity provider's key set being unreachable or malformed — not the
  // caller's fault, and retrying later may work.
  return new HttpError(
    503,
    'unavailable',
    "the identity provider's signing keys could not be fetched; try again later.",
  );
}

/**
 * Authenticates `Authorization: Bearer <JWT>` issued by your identity provider (Auth0, Clerk,
 * Supabase, Cognito, Firebase, …) and uses one of its claims as the chat identity, so a user
 * only ever gets a chat token for themselves. Built on `jose`: signature (shared secret or the
 * provider's JWKS, fetched and cached), algorithm allow-list, `exp`/`nbf`, `iss`, `aud`.
 *
 * Refusals: 401 `unauthorized` (missing, malformed, not canonical base64url, expired or forged
 * token), 403 `forbidden`
 * (a valid token whose identity claim is not a usable chat identity), 503 `unavailable` (the
 * JWKS could not be fetched).
 *
 * @throws {Error} at creation when neither or both of `secret`/`jwksUrl` are given, the secret
 *   is shorter than 32 bytes, or the JWKS URL is plain http to a non-loopback host.
 */
export function bearerJwtAuthenticator(options: BearerJwtAuthenticatorOptions): Authenticator {
  const { secret, jwksUrl, issuer, audience, identityClaim = 'sub', clockToleranceSeconds = 5 } = options;
  if ((secret === undefined) === (jwksUrl === undefined)) {
    throw new Error(
      'bearerJwtAuthenticator: got both or neither of `secret` and `jwksUrl`; pass exactly one of `secret` ' +
        "(a shared HMAC secret) or `jwksUrl` (your identity provider's JSON Web Key Set URL).",
    );
  }
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (secret !== undefined) {
    key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (key.length < 32) {
      throw new Error(
        `bearerJwtAuthenticator: the secret is ${key.length} bytes; HMAC secrets need at least 32.`,
      );
    }
    algorithms = options.algorithms ?? HMAC_ALGORITHMS;
  } else {
    const url = new URL(jwksUrl as string | URL);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      throw new Error(
        `bearerJwtAuthenticator: jwksUrl ${JSON.stringify(url.href)} must be https (plain http only to localhost); use an https URL.`,
      );
    }
    key = createRemoteJWKSet(url, { timeoutDuration: 5000 });
    algorithms = options.algorithms ?? PUBLIC_KEY_ALGORITHMS;
  }
  const verifyOptions = { issuer, audience, algorithms, clockTolerance: clockToleranceSeconds };

  return async (ctx: AuthenticateContext): Promise<string> => {
    const header = ctx.get('Authorization');
    const match = BEARER.exec(header);
    if (match === null) {
      throw new HttpError(
        401,
        'unauthorized',
        header === ''
          ? 'no sign-in token; send it as Authorization: Bearer <JWT>.'
          : 'the Authorization header is not "Bearer <JWT>"; send your sign-in token that way.',
        CHALLENGE,
      );
    }
    // jose decodes leniently: without this, one token would have several valid spellings.
    if (!match[1]!.split('.').every(isCanonicalBase64url)) {
      throw new HttpError(
        401,
        'unauthorized',
        'the bearer token was refused (its parts are not canonical base64url); send it as your identity provider issued it.',
        CHALLENGE,
      );
    }
    let payload: JWTPayload;
    try {
      // Two call shapes so TypeScript picks the right overload for a key vs. a key getter.
      payload =
        key instanceof Uint8Array
          ? (await jwtVerify(match[1]!, key, verifyOptions)).payload
          : (await jwtVerify(match[1]!, key, verifyOptions)).payload;
    } catch (error) {
      throw toHttpError(error);
    }
    const claim = claimAt(payload, identityClaim);
    try {
      return validateIdentity(typeof claim === 'number' && Number.isInteger(claim) ? String(claim) : claim);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new HttpError(
        403,
        'forbidden',
        `the token's "${identityClaim}" claim is not a usable chat identity (${reason.replace(/\.$/, '')}); sign in with an account whose ${identityClaim} is one.`,
      );
    }
  };
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChatKeys } from './ChatKeys.js';
import { isCanonicalBase64url } from './canonicalBase64url.js';
import { HttpError } from './HttpError.js';
import { signingKey } from './signingKey.js';
import { TokenError } from './TokenError.js';
import { validateIdentity } from './validateIdentity.js';

/** What a verified access token says. Times are milliseconds since the epoch. */
export interface VerifiedAccessToken {
  /** `grants.identity`: who the token is for. */
  identity: string;
  /** `exp` in milliseconds. */
  expiresAt: number;
  /** `iat` in milliseconds, when the token carries one. */
  issuedAt: number | undefined;
  /** `jti`, when present (`${apiKey}-${iat}` for Twilio tokens). */
  tokenId: string | undefined;
  /** The decoded payload, for callers that need other claims. */
  payload: Readonly<Record<string, unknown>>;
}

/** Options of {@link verifyAccessToken}. */
export interface VerifyAccessTokenOptions {
  /** The clock in milliseconds since the epoch; `Date.now()` when omitted. */
  now?: number;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** `access token is invalid: <reason>; <fix>.` — the fix, by default, is a token from the token server. */
function invalid(reason: string, fix = 'get one from the token server'): TokenError {
  return new TokenError('token_invalid', `access token is invalid: ${reason}; ${fix}.`);
}

// A forged exp can be outside Date's range, where toISOString throws.
function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw invalid(`its ${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`its ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Verifies a Twilio chat access token minted with `keys` (by `createAccessToken`, the `twilio`
 * package or Twilio itself) and returns its identity and expiry. Each part must be canonical
 * base64url (one spelling per token). Accepts only HS256 — `none` and every other algorithm are
 * refused before the signature is looked at — compares the signature in constant time, then checks `iss` (API key), `sub` (account), the chat grant's
 * service, `exp`, `nbf` when present and the identity's format.
 *
 * @throws {TokenError} `token_expired` when `exp` has passed, `token_invalid` for anything else.
 */
export function verifyAccessToken(
  keys: ChatKeys,
  token: string,
  options: VerifyAccessTokenOptions = {},
): VerifiedAccessToken {
  if (typeof token !== 'string') throw invalid(`expected a string, got ${typeof token}`);
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid('a JWT has three dot-separated parts');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  if (!BASE64URL.test(headerPart) || !BASE64URL.test(payloadPart) || !BASE64URL.test(signaturePart)) {
    throw invalid('its parts are not base64url');
  }
  for (const [part, what] of [
    [headerPart, 'header'],
    [payloadPart, 'payload'],
    [signaturePart, 'signature'],
  ] as const) {
    if (!isCanonicalBase64url(part)) {
      throw invalid(`its ${what} is not canonical base64url (it is not how an encoder writes those bytes)`);
    }
  }

  const header = decodeJson(headerPart, 'header');
  if (header.alg !== 'HS256') {
    throw invalid(`algorithm ${JSON.stringify(header.alg)} is not accepted`, 'Twilio tokens use HS256');
  }
  if (header.cty !== undefined && header.cty !== 'twilio-fpa;v=1') {
    throw invalid(`content type ${JSON.stringify(header.cty)} is not Twilio's "twilio-fpa;v=1"`);
  }

  const expected = createHmac('sha256', signingKey(keys.apiSecret))
    .update(`${headerPart}.${payloadPart}`)
    .digest();
  const actual = Buffer.from(signaturePart, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw invalid(
      'the signature does not match: it was not signed with this API key secret',
      'check that both servers have the same keys',
    );
  }

  const payload = decodeJson(payloadPart, 'payload');
  if (payload.iss !== keys.apiKey) {
    throw invalid(`issuer ${JSON.stringify(payload.iss)} is not this server's API key ${keys.apiKey}`);
  }
  if (payload.sub !== keys.accountSid) {
    throw invalid(`subject ${JSON.stringify(payload.sub)} is not this server's account ${keys.accountSid}`);
  }
  const grants = payload.grants as Record<string, unknown> | null | undefined;
  const chat = (typeof grants === 'object' && grants !== null ? grants.chat : undefined) as
    | Record<string, unknown>
    | null
    | undefined;
  if (typeof chat !== 'object' || chat === null || chat.service_sid !== keys.serviceSid) {
    throw invalid(`it has no chat grant for service ${keys.serviceSid}`);
  }
  let identity: string;
  try {
    identity = validateIdentity(grants?.identity);
  } catch (error) {
    // validateIdentity's message says what is wrong and how to fix it: `identity "…" …; …`.
    const why = error instanceof HttpError ? error.message.replace(/\.$/, '') : `identity: ${String(error)}`;
    throw new TokenError('token_invalid', `access token is invalid: its grants.${why}.`);
  }

  const now = options.now ?? Date.now();
  const { exp, nbf, iat, jti } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw invalid('it has no numeric exp');
  if (nbf !== undefined && typeof nbf !== 'number') throw invalid('its nbf is not a number');
  if (typeof nbf === 'number' && now < nbf * 1000) {
    throw invalid('it is not valid yet (nbf is in the future)', 'check the clocks');
  }
  if (now >= exp * 1000) {
    throw new TokenError(
      'token_expired',
      `access token expired at ${isoTime(exp * 1000)}; fetch a fresh one from the token server.`,
    );
  }
  return {
    identity,
    expiresAt: exp * 1000,
    issuedAt: typeof iat === 'number' ? iat * 1000 : undefined,
    tokenId: typeof jti === 'string' ? jti : undefined,
    payload,
  };
}

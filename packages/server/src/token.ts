import { createHmac } from 'node:crypto';
import type { ChatKeys } from './ChatKeys.js';
import { signingKey } from './signingKey.js';
import { checkTtlSeconds } from './ttl.js';
import { validateIdentity } from './validateIdentity.js';

/**
 * The header Twilio's `AccessToken` writes, base64url-encoded once: the same bytes for every
 * token (`{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}`).
 */
export const ACCESS_TOKEN_HEADER = Buffer.from('{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}').toString(
  'base64url',
);

/** Options of {@link createAccessToken}. */
export interface CreateAccessTokenOptions {
  /** Lifetime in seconds, 180–86400 (Twilio's 3 min – 24 h). */
  ttlSeconds: number;
  /** The clock in milliseconds since the epoch; `Date.now()` when omitted. For tests. */
  now?: number;
}

/**
 * Mints a Twilio access token with a ChatGrant for `identity`, byte for byte what the `twilio`
 * package's `new AccessToken(accountSid, apiKey, apiSecret, { identity, ttl })` plus
 * `new ChatGrant({ serviceSid })` produces with `toJwt()` at the same clock — so Twilio, the
 * Twilio SDKs and `@chat/local-server` all accept it — but signed directly with a cached
 * HMAC key, which is tens of times faster than going through jsonwebtoken.
 *
 * @throws {HttpError} `invalid_argument` for a bad identity (see `validateIdentity`).
 * @throws {RangeError} for a `ttlSeconds` outside Twilio's limits.
 */
export function createAccessToken(
  keys: ChatKeys,
  identity: string,
  options: CreateAccessTokenOptions,
): string {
  validateIdentity(identity);
  const ttl = checkTtlSeconds(options.ttlSeconds);
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  // Key order matters for byte-identity: twilio builds {jti, grants}, jsonwebtoken then adds
  // iat, exp, iss, sub in that order.
  const payload = JSON.stringify({
    jti: `${keys.apiKey}-${iat}`,
    grants: { identity, chat: { service_sid: keys.serviceSid } },
    iat,
    exp: iat + ttl,
    iss: keys.apiKey,
    sub: keys.accountSid,
  });
  const signingInput = `${ACCESS_TOKEN_HEADER}.${Buffer.from(payload).toString('base64url')}`;
  const signature = createHmac('sha256', signingKey(keys.apiSecret)).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

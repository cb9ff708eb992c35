import { createAccessToken, devKeys, MIN_TTL_SECONDS } from '@chat/server';

/**
 * An access token for `identity` signed with the dev keys, expiring `ttlMs` from now (default one
 * hour). `createAccessToken` refuses lifetimes under Twilio's 3 minutes, so a short-lived token is
 * minted with the shortest lifetime and an issue time in the past: `exp` lands `ttlMs` from now
 * (rounded down to the second, as `exp` has one-second resolution).
 */
export function tokenFor(identity: string, ttlMs = 3_600_000): string {
  const ttlSeconds = Math.max(MIN_TTL_SECONDS, Math.ceil(ttlMs / 1000));
  const now = Date.now() + ttlMs - ttlSeconds * 1000;
  return createAccessToken(devKeys, identity, { ttlSeconds, now });
}

/** The `exp` of a token, in milliseconds since the epoch. */
export function expiresAt(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return payload.exp * 1000;
}

import { createSecretKey, type KeyObject } from 'node:crypto';

// One entry per distinct secret; a server has one or two (rotation), so this stays tiny.
const cache = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 16;

/**
 * The HMAC key for an API secret, created once and reused. Passing a `KeyObject` to
 * `createHmac` skips re-importing the secret on every call; it is what makes signing cheap
 * (jsonwebtoken spends most of its time trying to parse a string secret as a PEM key).
 */
export function signingKey(apiSecret: string): KeyObject {
  let key = cache.get(apiSecret);
  if (key === undefined) {
    if (cache.size >= MAX_CACHED_KEYS) cache.clear();
    key = createSecretKey(Buffer.from(apiSecret, 'utf8'));
    cache.set(apiSecret, key);
  }
  return key;
}

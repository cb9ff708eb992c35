import type { ChatKeys } from '@chat/server';

/** The header `@chat/server` and the `twilio` package write on every access token. */
export const TWILIO_HEADER = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' } as const;

/**
 * The claims of a Twilio chat access token for `identity`, as `createAccessToken` writes them,
 * with `overrides` applied on top (a key set to `undefined` is dropped from the JSON).
 */
export function twilioClaims(
  keys: ChatKeys,
  identity: unknown,
  overrides: Record<string, unknown> = {},
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  return {
    jti: `${keys.apiKey}-${nowSeconds}`,
    grants: { identity, chat: { service_sid: keys.serviceSid } },
    iat: nowSeconds,
    exp: nowSeconds + 3600,
    iss: keys.apiKey,
    sub: keys.accountSid,
    ...overrides,
  };
}

/** Another Twilio key set in the right formats: an attacker's own account, or a second project. */
export const otherKeys: ChatKeys = Object.freeze({
  accountSid: `AC${'0beef'.padEnd(32, '0')}`,
  apiKey: `SK${'0beef'.padEnd(32, '0')}`,
  apiSecret: 'an-attackers-own-secret-of-a-perfectly-plausible-length-0123456789',
  serviceSid: `IS${'0beef'.padEnd(32, '0')}`,
});

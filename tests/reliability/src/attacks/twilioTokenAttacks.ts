import { generateKeyPairSync } from 'node:crypto';
import { type ChatKeys, createAccessToken } from '@chat/server';
import { forgeJwt, tamperHeader, tamperPayload } from './forgeJwt.js';
import { garbageTokens } from './garbageTokens.js';
import { otherKeys, TWILIO_HEADER, twilioClaims } from './twilioClaims.js';

/** The token attack categories of the issue, shared by the local server and the token server. */
export type TokenCategory =
  | 'wrong secret'
  | 'alg none'
  | 'alg swap'
  | 'expired'
  | 'not yet valid'
  | 'other service'
  | 'other account'
  | 'other api key'
  | 'tampered identity'
  | 'garbage';

/** One forged token and the refusal codes that are acceptable for it. */
export interface TokenAttack {
  category: TokenCategory;
  name: string;
  /** What goes in `hello.token` (non-strings too: the protocol must refuse them). */
  token: unknown;
  expect: readonly string[];
}

const INVALID = ['token_invalid'] as const;
const EXPIRED = ['token_expired'] as const;
// Non-strings and over-long strings are refused by the frame validation before any crypto.
const MALFORMED = ['invalid_argument', 'token_invalid'] as const;

/**
 * Every forged Twilio access token the suite throws at `hello`, `updateToken` and `POST /media`,
 * all claiming `identity` (a real user, so that acceptance would be an impersonation).
 * `keys` are the server's real keys: some attacks are signed with its real secret and only the
 * claim checks may refuse them. `register` sees the real tokens the forgeries start from.
 */
export function twilioTokenAttacks(
  keys: ChatKeys,
  identity: string,
  register: (token: string) => string = (token) => token,
): TokenAttack[] {
  const now = Math.floor(Date.now() / 1000);
  const real = register(createAccessToken(keys, identity, { ttlSeconds: 3600 }));
  const other = register(createAccessToken(keys, `${identity}-other`, { ttlSeconds: 3600 }));
  const secret = keys.apiSecret;
  const hs = (claims: unknown, header: unknown = TWILIO_HEADER, key: string = secret) =>
    forgeJwt(header, claims, { hmac: 'sha256', secret: key });
  const claims = (overrides: Record<string, unknown> = {}) => twilioClaims(keys, identity, overrides, now);
  const grants = (chat: unknown, extra: Record<string, unknown> = {}) => ({ identity, chat, ...extra });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const list: TokenAttack[] = [];
  const add = (category: TokenCategory, name: string, token: unknown, expect: readonly string[] = INVALID) =>
    list.push({ category, name, token, expect });

  add('wrong secret', 'random secret', hs(claims(), TWILIO_HEADER, 'f'.repeat(64)));
  add('wrong secret', 'secret plus one character', hs(claims(), TWILIO_HEADER, `${secret}x`));
  add('wrong secret', 'secret minus its last character', hs(claims(), TWILIO_HEADER, secret.slice(0, -1)));
  add('wrong secret', 'upper-cased secret', hs(claims(), TWILIO_HEADER, secret.toUpperCase()));
  add('wrong secret', 'empty secret', hs(claims(), TWILIO_HEADER, ''));
  add('wrong secret', 'the API key SID as secret', hs(claims(), TWILIO_HEADER, keys.apiKey));
  add('wrong secret', "another account's secret", hs(claims(), TWILIO_HEADER, otherKeys.apiSecret));

  const unsigned = (alg: unknown) => forgeJwt({ ...TWILIO_HEADER, alg }, claims(), { signature: '' });
  for (const alg of ['none', 'None', 'NONE', 'nOnE'])
    add('alg none', `alg "${alg}", no signature`, unsigned(alg));
  add(
    'alg none',
    'alg none with the real signature kept',
    tamperHeader(real, (h) => ({ ...h, alg: 'none' })),
  );
  add('alg none', 'no alg at all', forgeJwt({ typ: 'JWT' }, claims(), { signature: '' }));
  add('alg none', 'alg null, HMAC-signed', hs(claims(), { ...TWILIO_HEADER, alg: null }));
  add('alg none', 'alg empty, HMAC-signed', hs(claims(), { ...TWILIO_HEADER, alg: '' }));

  add(
    'alg swap',
    'HS512 header over an HS256 signature',
    tamperHeader(real, (h) => ({ ...h, alg: 'HS512' })),
  );
  for (const [alg, hmac] of [
    ['HS512', 'sha512'],
    ['HS384', 'sha384'],
  ] as const) {
    add(
      'alg swap',
      `${alg} signed with the real secret`,
      forgeJwt({ ...TWILIO_HEADER, alg }, claims(), { hmac, secret }),
    );
  }
  add(
    'alg swap',
    'RS256 header, HMAC with the secret as "public key"',
    hs(claims(), { ...TWILIO_HEADER, alg: 'RS256' }),
  );
  add(
    'alg swap',
    'RS256 signed with an attacker RSA key',
    forgeJwt({ ...TWILIO_HEADER, alg: 'RS256' }, claims(), { rsa: privateKey }),
  );
  for (const alg of ['ES256', 'PS256', 'EdDSA', 'hs256', ['HS256']]) {
    add('alg swap', `alg ${JSON.stringify(alg)}, HMAC-signed`, hs(claims(), { ...TWILIO_HEADER, alg }));
  }
  add('alg swap', 'cty changed, HMAC-signed', hs(claims(), { ...TWILIO_HEADER, cty: 'JWT' }));
  add(
    'alg swap',
    'header edited (kid added), signature kept',
    tamperHeader(real, (h) => ({ ...h, kid: 'x' })),
  );

  add('expired', 'exp one second ago', hs(claims({ exp: now - 1 })), EXPIRED);
  add(
    'expired',
    'issued and expired a day ago',
    hs(claims({ iat: now - 86_400, exp: now - 82_800 })),
    EXPIRED,
  );
  add(
    'expired',
    'minted by @chat/server, ttl over',
    createAccessToken(keys, identity, { ttlSeconds: 180, now: Date.now() - 181_000 }),
    EXPIRED,
  );
  add('expired', 'exp 0', hs(claims({ exp: 0 })), EXPIRED);
  add('expired', 'exp negative', hs(claims({ exp: -1 })), EXPIRED);
  add('expired', 'exp as a string', hs(claims({ exp: String(now + 3600) })));
  add('expired', 'exp missing', hs(claims({ exp: undefined })));
  add(
    'expired',
    'exp extended, signature kept',
    tamperPayload(real, (p) => ({ ...p, exp: now + 86_400 * 365 })),
  );

  add('not yet valid', 'nbf in a minute', hs(claims({ nbf: now + 60 })));
  add('not yet valid', 'nbf in a year', hs(claims({ nbf: now + 31_536_000, exp: now + 31_540_000 })));
  add('not yet valid', 'nbf as a string', hs(claims({ nbf: '0' })));

  add(
    'other service',
    'another service SID',
    hs(claims({ grants: grants({ service_sid: otherKeys.serviceSid }) })),
  );
  add(
    'other service',
    'minted with the real secret for another service',
    createAccessToken({ ...keys, serviceSid: otherKeys.serviceSid }, identity, { ttlSeconds: 3600 }),
  );
  add(
    'other service',
    'service SID lower-cased',
    hs(claims({ grants: grants({ service_sid: keys.serviceSid.toLowerCase() }) })),
  );
  add('other service', 'no chat grant', hs(claims({ grants: { identity } })));
  add('other service', 'chat grant null', hs(claims({ grants: grants(null) })));
  add('other service', 'chat grant without a service', hs(claims({ grants: grants({}) })));
  add(
    'other service',
    'video grant instead of chat',
    hs(claims({ grants: { identity, video: { room: 'x' } } })),
  );
  add('other service', 'no grants', hs(claims({ grants: undefined })));

  add('other account', 'another account SID', hs(claims({ sub: otherKeys.accountSid })));
  add(
    'other account',
    'minted with the real secret for another account',
    createAccessToken({ ...keys, accountSid: otherKeys.accountSid }, identity, { ttlSeconds: 3600 }),
  );
  add('other account', 'account SID lower-cased', hs(claims({ sub: keys.accountSid.toLowerCase() })));
  add('other account', 'sub missing', hs(claims({ sub: undefined })));
  add('other account', 'sub as an array', hs(claims({ sub: [keys.accountSid] })));

  add('other api key', 'another API key SID', hs(claims({ iss: otherKeys.apiKey })));
  add(
    'other api key',
    'minted with the real secret under another API key',
    createAccessToken({ ...keys, apiKey: otherKeys.apiKey }, identity, { ttlSeconds: 3600 }),
  );
  add('other api key', 'a whole other key set', createAccessToken(otherKeys, identity, { ttlSeconds: 3600 }));
  add('other api key', 'iss missing', hs(claims({ iss: undefined })));
  add('other api key', 'iss with a trailing space', hs(claims({ iss: `${keys.apiKey} ` })));

  const asIdentity = (value: unknown) =>
    tamperPayload(real, (p) => ({ ...p, grants: { ...(p.grants as object), identity: value } }));
  for (const value of [`${identity}-other`, 'admin', identity.toUpperCase(), `${identity} `]) {
    add(
      'tampered identity',
      `identity edited to ${JSON.stringify(value)}, signature kept`,
      asIdentity(value),
    );
  }
  const [, otherPayload] = other.split('.');
  const [realHeader, , realSignature] = real.split('.');
  add(
    'tampered identity',
    "another user's payload under this signature",
    `${realHeader}.${otherPayload}.${realSignature}`,
  );
  add(
    'tampered identity',
    'payload re-serialised with spaces, signature kept',
    tamperPayload(real, (p) => JSON.stringify(p, null, 1)),
  );
  add('tampered identity', 'signature first character flipped', flipFirst(real));
  for (const value of ['a#b', '', 'x'.repeat(129), 'bad\u0000id', 42, null]) {
    add(
      'tampered identity',
      `signed, but identity ${JSON.stringify(value).slice(0, 20)}`,
      hs(claims({ grants: grants({ service_sid: keys.serviceSid }, { identity: value }) })),
    );
  }

  for (const [name, token] of garbageTokens(real)) add('garbage', name, token, MALFORMED);
  return list;
}

function flipFirst(token: string): string {
  const [h, p, s = ''] = token.split('.');
  return `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
}

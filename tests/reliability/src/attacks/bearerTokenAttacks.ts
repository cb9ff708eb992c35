import { generateKeyPairSync } from 'node:crypto';
import { forgeJwt, type Signer, tamperHeader, tamperPayload } from './forgeJwt.js';
import { garbageTokens } from './garbageTokens.js';

/** The identity provider the bearer authenticator trusts in these tests. */
export const IDP = {
  secret: 'identity-provider-shared-hmac-secret-0123456789abcdef',
  issuer: 'https://idp.example.test/',
  audience: 'chat-app',
} as const;

/** One forged sign-in JWT and the statuses acceptable for it (never 200). */
export interface BearerAttack {
  category: string;
  name: string;
  token: string;
  expect: readonly number[];
}

/** Claims of a sign-in token of the test identity provider, with `overrides` on top. */
export function idpClaims(sub: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub, iss: IDP.issuer, aud: IDP.audience, iat: now, exp: now + 600, ...overrides };
}

/** A genuine HS256 sign-in token of the test identity provider. */
export function idpToken(sub: unknown, overrides: Record<string, unknown> = {}, signer?: Signer): string {
  return forgeJwt(
    { alg: 'HS256', typ: 'JWT' },
    idpClaims(sub, overrides),
    signer ?? { hmac: 'sha256', secret: IDP.secret },
  );
}

/**
 * Forged sign-in tokens for `bearerJwtAuthenticator({ secret: IDP.secret, issuer, audience })`,
 * every one claiming `sub` (a real user). Statuses: 401 for anything forged or malformed, 403 for
 * a genuinely signed token whose identity claim is not a chat identity, 431 when the header is
 * too large for Node to parse at all.
 */
export function bearerTokenAttacks(
  sub: string,
  register: (token: string) => string = (t) => t,
): BearerAttack[] {
  const now = Math.floor(Date.now() / 1000);
  const real = register(idpToken(sub));
  const other = register(idpToken(`${sub}-other`));
  const list: BearerAttack[] = [];
  const add = (category: string, name: string, token: string, expect: readonly number[] = [401]) =>
    list.push({ category, name, token, expect });
  const hs = (
    overrides: Record<string, unknown>,
    secret: string = IDP.secret,
    header: object = { alg: 'HS256' },
  ) => forgeJwt(header, idpClaims(sub, overrides), { hmac: 'sha256', secret });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  add('wrong secret', 'random secret', hs({}, 'x'.repeat(48)));
  add('wrong secret', 'secret plus one character', hs({}, `${IDP.secret}!`));
  add(
    'wrong secret',
    'the Twilio dev secret',
    hs({}, 'local-dev-secret-not-a-twilio-secret-do-not-use-in-production'),
  );
  add('wrong secret', 'empty secret', hs({}, ''));

  for (const alg of ['none', 'None', 'NONE'])
    add('alg none', `alg "${alg}", no signature`, forgeJwt({ alg }, idpClaims(sub), { signature: '' }));
  add(
    'alg none',
    'alg none, real signature kept',
    tamperHeader(real, (h) => ({ ...h, alg: 'none' })),
  );
  add('alg none', 'no alg', hs({}, IDP.secret, { typ: 'JWT' }));

  add(
    'alg swap',
    'HS512 header over an HS256 signature',
    tamperHeader(real, (h) => ({ ...h, alg: 'HS512' })),
  );
  add('alg swap', 'RS256 header, HMAC with the secret as "public key"', hs({}, IDP.secret, { alg: 'RS256' }));
  add(
    'alg swap',
    'RS256 signed with an attacker RSA key',
    forgeJwt({ alg: 'RS256' }, idpClaims(sub), { rsa: privateKey }),
  );
  for (const alg of ['ES256', 'PS256', 'EdDSA', 'hs256'])
    add('alg swap', `alg ${alg}, HMAC-signed`, hs({}, IDP.secret, { alg }));
  add(
    'alg swap',
    'crit header the server does not know',
    hs({}, IDP.secret, { alg: 'HS256', crit: ['exp'] }),
  );

  add('expired', 'exp a minute ago (beyond the 5 s skew)', idpToken(sub, { exp: now - 60 }));
  add('expired', 'exp 0', idpToken(sub, { exp: 0 }));
  add('expired', 'exp as a string', idpToken(sub, { exp: String(now + 600) }));
  add(
    'expired',
    'exp extended, signature kept',
    tamperPayload(real, (p) => ({ ...p, exp: now + 86_400 })),
  );

  add('not yet valid', 'nbf in a minute', idpToken(sub, { nbf: now + 60 }));
  add('not yet valid', 'nbf in a year', idpToken(sub, { nbf: now + 31_536_000, exp: now + 31_540_000 }));

  add('other issuer', 'another issuer', idpToken(sub, { iss: 'https://evil.example.test/' }));
  add('other issuer', 'issuer without its trailing slash', idpToken(sub, { iss: IDP.issuer.slice(0, -1) }));
  add('other issuer', 'no issuer', idpToken(sub, { iss: undefined }));
  add('other audience', 'another audience', idpToken(sub, { aud: 'another-app' }));
  add('other audience', 'no audience', idpToken(sub, { aud: undefined }));
  add('other audience', 'audience list without ours', idpToken(sub, { aud: ['a', 'b'] }));

  for (const value of [`${sub}-other`, 'admin', sub.toUpperCase()]) {
    add(
      'tampered identity',
      `sub edited to ${value}, signature kept`,
      tamperPayload(real, (p) => ({ ...p, sub: value })),
    );
  }
  const [header, , signature] = real.split('.');
  add(
    'tampered identity',
    "another user's payload under this signature",
    `${header}.${other.split('.')[1]}.${signature}`,
  );
  for (const value of ['a#b', '', 'x'.repeat(129), 'tab\there', true]) {
    add(
      'tampered identity',
      `signed, but sub ${JSON.stringify(value).slice(0, 16)}`,
      register(idpToken(value)),
      [401, 403],
    );
  }

  for (const [name, token] of garbageTokens(real)) {
    // Headers carry visible ASCII only; the rest cannot be sent at all.
    // Surrounding whitespace is the real token again (HTTP trims header values): not an attack here.
    if (typeof token !== 'string' || /[^\x20-\x7e]/.test(token) || token.trim() === real) continue;
    add('garbage', name, token, [401, 431]);
  }
  return list;
}

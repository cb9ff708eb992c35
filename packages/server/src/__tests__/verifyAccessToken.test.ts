import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { devKeys } from '../devKeys.js';
import { TokenError } from '../TokenError.js';
import { createAccessToken } from '../token.js';
import { verifyAccessToken } from '../verifyAccessToken.js';

const NOW = Date.parse('2030-06-01T12:00:00Z');
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs any header/payload with the dev secret, to forge tokens that only differ in one claim. */
function sign(header: unknown, payload: unknown, secret = devKeys.apiSecret): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const header = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' };
const iat = Math.floor(NOW / 1000);
const claims = {
  jti: `${devKeys.apiKey}-${iat}`,
  grants: { identity: 'alice', chat: { service_sid: devKeys.serviceSid } },
  iat,
  exp: iat + 3600,
  iss: devKeys.apiKey,
  sub: devKeys.accountSid,
};

/** The same bytes spelled differently: the last character with its lowest (unused) bit flipped. */
function lowBitTwin(part: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return `${part.slice(0, -1)}${alphabet[alphabet.indexOf(part.at(-1)!) ^ 1]}`;
}

function rejects(token: string, code: 'token_invalid' | 'token_expired', message?: RegExp) {
  let caught: unknown;
  try {
    verifyAccessToken(devKeys, token, { now: NOW });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TokenError);
  expect((caught as TokenError).code).toBe(code);
  if (message) expect((caught as TokenError).message).toMatch(message);
}

describe('verifyAccessToken', () => {
  it('accepts our tokens and returns identity and expiry in ms', () => {
    const token = createAccessToken(devKeys, 'alice', { ttlSeconds: 3600, now: NOW });
    const verified = verifyAccessToken(devKeys, token, { now: NOW });
    expect(verified).toMatchObject({
      identity: 'alice',
      expiresAt: (iat + 3600) * 1000,
      issuedAt: iat * 1000,
    });
    expect(verified.tokenId).toBe(`${devKeys.apiKey}-${iat}`);
    expect(sign(header, claims)).toBe(token);
  });

  it("accepts the twilio package's tokens", () => {
    const t = new twilio.jwt.AccessToken(devKeys.accountSid, devKeys.apiKey, devKeys.apiSecret, {
      identity: 'carol',
    });
    t.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid: devKeys.serviceSid }));
    expect(verifyAccessToken(devKeys, t.toJwt()).identity).toBe('carol');
  });

  it('refuses alg none and every algorithm but HS256', () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    rejects(unsigned, 'token_invalid');
    rejects(
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.AAAA`,
      'token_invalid',
      /"none" is not accepted/,
    );
    rejects(sign({ ...header, alg: 'HS512' }, claims), 'token_invalid', /HS512/);
    rejects(sign({ ...header, alg: 'RS256' }, claims), 'token_invalid', /RS256/);
    rejects(sign({ ...header, cty: 'other' }, claims), 'token_invalid', /content type/);
  });

  it('refuses a wrong secret or a tampered payload', () => {
    rejects(sign(header, claims, 'another-secret'), 'token_invalid', /signature/);
    const [h, , s] = sign(header, claims).split('.');
    rejects(
      `${h}.${b64({ ...claims, grants: { ...claims.grants, identity: 'mallory' } })}.${s}`,
      'token_invalid',
    );
    rejects(`${sign(header, claims)}AA`, 'token_invalid', /signature/);
  });

  it('refuses a signature that decodes to the right bytes but is not canonical base64url', () => {
    const token = sign(header, claims);
    const [h, p, s] = token.split('.') as [string, string, string];
    // 32 bytes take 43 characters, whose last carries 2 unused low bits.
    expect(Buffer.from(lowBitTwin(s), 'base64url')).toEqual(Buffer.from(s, 'base64url'));
    rejects(`${h}.${p}.${lowBitTwin(s)}`, 'token_invalid', /signature is not canonical base64url/);
    rejects(`${h}.${p}.${s}=`, 'token_invalid');
    expect(verifyAccessToken(devKeys, token, { now: NOW }).identity).toBe('alice');
  });

  it('refuses a header or payload that is not canonical base64url, before anything else', () => {
    const [h, p, s] = sign(header, claims).split('.') as [string, string, string];
    expect(h.length % 4).not.toBe(0); // so that its last character has unused bits
    rejects(`${lowBitTwin(h)}.${p}.${s}`, 'token_invalid', /header is not canonical base64url/);
    // A length of 4n + 1 is never whole bytes; other lengths have unused bits in the last character.
    const payload = p.length % 4 === 0 ? `${p}A` : lowBitTwin(p);
    rejects(`${h}.${payload}.${s}`, 'token_invalid', /payload is not canonical base64url/);
  });

  it('refuses tokens for another API key, account or service', () => {
    rejects(sign(header, { ...claims, iss: 'SK'.padEnd(34, '9') }), 'token_invalid', /issuer/);
    rejects(sign(header, { ...claims, sub: 'AC'.padEnd(34, '9') }), 'token_invalid', /account/);
    const otherService = { identity: 'alice', chat: { service_sid: 'IS'.padEnd(34, '9') } };
    rejects(sign(header, { ...claims, grants: otherService }), 'token_invalid', /chat grant/);
    rejects(sign(header, { ...claims, grants: { identity: 'alice' } }), 'token_invalid', /chat grant/);
    rejects(sign(header, { ...claims, grants: null }), 'token_invalid');
  });

  it('refuses invalid identities in the grant', () => {
    for (const identity of [
      undefined,
      '',
      'a#b',
      'tab\t',
      'x'.repeat(129),
      42,
      'eve\ud800',
      'alice\u200b',
      'a\uff03b',
    ]) {
      rejects(
        sign(header, { ...claims, grants: { ...claims.grants, identity } }),
        'token_invalid',
        /identity/,
      );
    }
  });

  it('reports expiry separately, and checks nbf and exp types', () => {
    rejects(sign(header, { ...claims, exp: iat }), 'token_expired', /expired at 2030-06-01T12:00:00.000Z/);
    rejects(sign(header, { ...claims, exp: -1e20 }), 'token_expired');
    rejects(sign(header, { ...claims, exp: undefined }), 'token_invalid', /exp/);
    rejects(sign(header, { ...claims, exp: '9999999999' }), 'token_invalid', /exp/);
    rejects(sign(header, { ...claims, nbf: iat + 60 }), 'token_invalid', /not valid yet/);
    rejects(sign(header, { ...claims, nbf: 'soon' }), 'token_invalid', /nbf/);
    expect(verifyAccessToken(devKeys, sign(header, { ...claims, nbf: iat }), { now: NOW }).identity).toBe(
      'alice',
    );
  });

  it('refuses malformed input without throwing anything but TokenError', () => {
    const samples = ['', 'a.b', 'a.b.c.d', '!!.??.**', `${b64('str')}.${b64(claims)}.x`, `e30.${b64([1])}.x`];
    for (const sample of samples) rejects(sample, 'token_invalid');
    rejects(`${Buffer.from('{not json').toString('base64url')}.${b64(claims)}.AAAA`, 'token_invalid', /JSON/);
    expect(() => verifyAccessToken(devKeys, 42 as unknown as string)).toThrow(TokenError);
  });
});

import { identityProblem } from '@chat/protocol';
import fc from 'fast-check';
import { jwtVerify } from 'jose';
import twilio from 'twilio';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatKeys } from '../ChatKeys.js';
import { devKeys } from '../devKeys.js';
import { createAccessToken } from '../token.js';
import { MAX_TTL_SECONDS, MIN_TTL_SECONDS } from '../ttl.js';

const { AccessToken } = twilio.jwt;

const keys: ChatKeys = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  apiKey: 'SKfedcba9876543210fedcba9876543210',
  apiSecret: 'a-real-looking-secret-0123456789abcdef',
  serviceSid: 'IS00112233445566778899aabbccddeeff',
};

/** The seed's path: the twilio package's AccessToken + ChatGrant, secret passed as a string. */
function twilioToken(k: ChatKeys, identity: string, ttl: number): string {
  const token = new AccessToken(k.accountSid, k.apiKey, k.apiSecret, { identity, ttl });
  token.addGrant(new AccessToken.ChatGrant({ serviceSid: k.serviceSid }));
  return token.toJwt();
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createAccessToken', () => {
  it('is byte-identical to twilio AccessToken + ChatGrant at the same clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-02T03:04:05.678Z'));
    const ours = createAccessToken(keys, 'alice', { ttlSeconds: 3600 });
    expect(ours).toBe(twilioToken(keys, 'alice', 3600));
    const [header, payload] = ours.split('.').map((part) => Buffer.from(part, 'base64url').toString());
    expect(header).toBe('{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}');
    const iat = Math.floor(Date.parse('2030-01-02T03:04:05.678Z') / 1000);
    expect(JSON.parse(payload!)).toEqual({
      jti: `${keys.apiKey}-${iat}`,
      grants: { identity: 'alice', chat: { service_sid: keys.serviceSid } },
      iat,
      exp: iat + 3600,
      iss: keys.apiKey,
      sub: keys.accountSid,
    });
  });

  it('stays byte-identical for any valid identity, ttl, clock and secret', () => {
    const identity = fc
      .string({ minLength: 1, maxLength: 128, unit: 'grapheme' })
      .filter((s) => identityProblem(s) === null);
    fc.assert(
      fc.property(
        identity,
        fc.integer({ min: MIN_TTL_SECONDS, max: MAX_TTL_SECONDS }),
        fc.integer({ min: 1_000_000_000_000, max: 4_000_000_000_000 }),
        fc.string({ minLength: 1, maxLength: 64 }),
        (id, ttl, now, secret) => {
          vi.useFakeTimers();
          vi.setSystemTime(now);
          const k = { ...keys, apiSecret: secret };
          expect(createAccessToken(k, id, { ttlSeconds: ttl })).toBe(twilioToken(k, id, ttl));
          expect(createAccessToken(k, id, { ttlSeconds: ttl, now })).toBe(twilioToken(k, id, ttl));
          vi.useRealTimers();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('verifies with an independent JWT library (jose)', async () => {
    const token = createAccessToken(devKeys, 'bob', { ttlSeconds: 600 });
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(devKeys.apiSecret), {
      algorithms: ['HS256'],
      issuer: devKeys.apiKey,
      subject: devKeys.accountSid,
    });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload.grants).toEqual({ identity: 'bob', chat: { service_sid: devKeys.serviceSid } });
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('refuses identities the chat cannot use', () => {
    for (const bad of [
      '',
      'a#b',
      'line\nbreak',
      'nul\u0000',
      'x'.repeat(129),
      'eve\ud800',
      'a\u200bb',
      'a\uff03b',
    ]) {
      expect(() => createAccessToken(keys, bad, { ttlSeconds: 3600 })).toThrow(
        expect.objectContaining({ code: 'invalid_argument' }),
      );
    }
    expect(createAccessToken(keys, 'x'.repeat(128), { ttlSeconds: 3600 })).toMatch(/^ey/);
  });

  it("refuses a ttl outside Twilio's 3 min - 24 h", () => {
    for (const bad of [0, 179, 86_401, 3600.5, Number.NaN]) {
      expect(() => createAccessToken(keys, 'alice', { ttlSeconds: bad })).toThrow(/180 \(3 min\) to 86400/);
    }
  });
});

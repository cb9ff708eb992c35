import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerJwtAuthenticator } from '../bearerJwtAuthenticator.js';
import { createApp } from '../createApp.js';
import { devKeys } from '../devKeys.js';
import { verifyAccessToken } from '../verifyAccessToken.js';
import { captureLogger, listen } from './helpers.js';

// Supabase-style: one shared HS256 secret, aud "authenticated", the user id in `sub`.
const SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
const ISSUER = 'https://project.supabase.co/auth/v1';
const secretKey = new TextEncoder().encode(SECRET);
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
const nowSeconds = () => Math.floor(Date.now() / 1000);

function hsToken(claims: JWTPayload, { key = secretKey, alg = 'HS256', exp = nowSeconds() + 600 } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg })
    .setIssuer(ISSUER)
    .setAudience('authenticated')
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key);
}

function secretApp(options: Partial<Parameters<typeof bearerJwtAuthenticator>[0]> = {}) {
  const logs = captureLogger();
  const authenticate = bearerJwtAuthenticator({
    secret: SECRET,
    issuer: ISSUER,
    audience: 'authenticated',
    ...options,
  });
  const koa = createApp({ keys: devKeys, authenticate, logger: logs.logger, rateLimit: false });
  return { http: request(koa.callback()), logs };
}

function expectUnauthorized(res: request.Response, message?: RegExp) {
  expect(res.status).toBe(401);
  expect(res.body.error.code).toBe('unauthorized');
  expect(res.headers['www-authenticate']).toBe('Bearer');
  if (message) expect(res.body.error.message).toMatch(message);
}

describe('bearerJwtAuthenticator with a shared secret', () => {
  it("mints a chat token for the JWT's subject, ignoring any identity in the body", async () => {
    const { http, logs } = secretApp();
    const jwt = await hsToken({ sub: 'user-123' });
    const res = await http
      .post('/token')
      .set('Authorization', `Bearer ${jwt}`)
      .send({ identity: 'mallory' })
      .expect(200);
    expect(res.body.identity).toBe('user-123');
    expect(verifyAccessToken(devKeys, res.body.token).identity).toBe('user-123');
    await http.post('/token').set('Authorization', `bearer  ${jwt}`).expect(200);
    expect(logs.text()).not.toContain(jwt);
  });

  it('reads another claim, nested ones by dotted path', async () => {
    const jwt = await hsToken({ sub: 'u1', email: 'ann@example.com', user_metadata: { username: 'ann' } });
    const byEmail = await secretApp({ identityClaim: 'email' })
      .http.post('/token')
      .set('Authorization', `Bearer ${jwt}`);
    expect(byEmail.body.identity).toBe('ann@example.com');
    const nested = await secretApp({ identityClaim: 'user_metadata.username' })
      .http.post('/token')
      .set('Authorization', `Bearer ${jwt}`);
    expect(nested.body.identity).toBe('ann');
  });

  it('refuses missing and malformed Authorization headers with 401', async () => {
    const { http } = secretApp();
    expectUnauthorized(await http.post('/token'), /Authorization: Bearer/);
    expectUnauthorized(await http.post('/token').set('Authorization', 'Basic YWxpY2U6cHc='));
    expectUnauthorized(await http.post('/token').set('Authorization', 'Bearer not.a.jwt'));
    expectUnauthorized(await http.post('/token').set('Authorization', 'Bearer '));
  });

  it('refuses expired, forged, alg-none and foreign tokens with 401', async () => {
    const { http } = secretApp();
    const send = (jwt: string) => http.post('/token').set('Authorization', `Bearer ${jwt}`);
    expectUnauthorized(await send(await hsToken({ sub: 'a' }, { exp: nowSeconds() - 60 })), /expired/);
    const otherKey = new TextEncoder().encode('another-secret-that-is-also-32-bytes-or-more');
    expectUnauthorized(await send(await hsToken({ sub: 'a' }, { key: otherKey })), /signature/);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const payload = { sub: 'a', iss: ISSUER, aud: 'authenticated', exp: nowSeconds() + 600 };
    expectUnauthorized(await send(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`));
    const wrongIssuer = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://evil.example')
      .setAudience('authenticated')
      .setExpirationTime('5m')
      .sign(secretKey);
    expectUnauthorized(await send(wrongIssuer), /iss/);
    const wrongAudience = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience('anon')
      .setExpirationTime('5m')
      .sign(secretKey);
    expectUnauthorized(await send(wrongAudience), /aud/);
    const restricted = secretApp({ algorithms: ['HS512'] });
    expectUnauthorized(
      await restricted.http.post('/token').set('Authorization', `Bearer ${await hsToken({ sub: 'a' })}`),
    );
  });

  it('refuses a token whose signature is not canonical base64url with 401', async () => {
    const { http } = secretApp();
    const jwt = await hsToken({ sub: 'alice' });
    await http.post('/token').set('Authorization', `Bearer ${jwt}`).expect(200);
    // HS256: 32 bytes in 43 characters, the last one with 2 unused low bits. Flip one of them.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = `${jwt.slice(0, -1)}${alphabet[alphabet.indexOf(jwt.at(-1)!) ^ 1]}`;
    expect(Buffer.from(twin.split('.')[2]!, 'base64url')).toEqual(
      Buffer.from(jwt.split('.')[2]!, 'base64url'),
    );
    expectUnauthorized(
      await http.post('/token').set('Authorization', `Bearer ${twin}`),
      /not canonical base64url/,
    );
  });

  it('refuses a valid token whose identity claim is unusable with 403', async () => {
    const { http } = secretApp();
    for (const claims of [
      { sub: 'a#b' },
      { sub: 'x'.repeat(129) },
      {},
      { sub: 'tab\there' },
      { sub: 'ali\u202ece' },
    ]) {
      const res = await http.post('/token').set('Authorization', `Bearer ${await hsToken(claims)}`);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('"sub" claim'),
      });
    }
  });

  it('refuses bad options at creation', () => {
    expect(() => bearerJwtAuthenticator({})).toThrow(/exactly one of `secret`/);
    expect(() => bearerJwtAuthenticator({ secret: SECRET, jwksUrl: 'https://x.example/jwks' })).toThrow(
      /exactly one/,
    );
    expect(() => bearerJwtAuthenticator({ secret: 'short' })).toThrow(/at least 32/);
    expect(() => bearerJwtAuthenticator({ jwksUrl: 'http://idp.example/jwks.json' })).toThrow(
      /must be https/,
    );
    expect(() => bearerJwtAuthenticator({ jwksUrl: 'http://127.0.0.1:1/jwks.json' })).not.toThrow();
  });
});

describe('bearerJwtAuthenticator with a JWKS URL (Auth0/Clerk/Cognito-style)', () => {
  let jwks: Awaited<ReturnType<typeof listen>>;
  let privateKey: PrivateKey;
  let strangerKey: PrivateKey;
  let jwksHits = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    strangerKey = (await generateKeyPair('ES256')).privateKey;
    const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
    jwks = await listen((_req, res) => {
      jwksHits++;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
  });

  afterAll(async () => {
    await jwks.close();
  });

  const sign = (key: PrivateKey, claims: JWTPayload = { sub: 'auth0|abc123' }) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'key-1' })
      .setIssuer('https://tenant.example.auth0.com/')
      .setAudience('https://chat.example.com')
      .setExpirationTime('5m')
      .sign(key);

  function jwksApp(jwksUrl = `${jwks.url}/.well-known/jwks.json`) {
    const authenticate = bearerJwtAuthenticator({
      jwksUrl,
      issuer: 'https://tenant.example.auth0.com/',
      audience: 'https://chat.example.com',
    });
    return request(
      createApp({ keys: devKeys, authenticate, logger: captureLogger().logger, rateLimit: false }).callback(),
    );
  }

  it('verifies tokens against the fetched key set, which it caches', async () => {
    const http = jwksApp();
    const jwt = await sign(privateKey);
    const first = await http.post('/token').set('Authorization', `Bearer ${jwt}`).expect(200);
    expect(first.body.identity).toBe('auth0|abc123');
    await http.post('/token').set('Authorization', `Bearer ${jwt}`).expect(200);
    expect(jwksHits).toBe(1);
  });

  it('refuses a token signed by a key that is not in the set', async () => {
    const res = await jwksApp()
      .post('/token')
      .set('Authorization', `Bearer ${await sign(strangerKey)}`);
    expectUnauthorized(res);
  });

  it('answers 503 unavailable when the key set cannot be fetched', async () => {
    const gone = await listen((_req, res) => res.end());
    const url = `${gone.url}/jwks.json`;
    await gone.close();
    const res = await jwksApp(url)
      .post('/token')
      .set('Authorization', `Bearer ${await sign(privateKey)}`);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
  });
});

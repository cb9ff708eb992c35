import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerJwtAuthenticator, devKeys, verifyAccessToken } from '@chat/server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attackBench } from '../attacks/attackBench.js';
import { bearerTokenAttacks, IDP, idpClaims, idpToken } from '../attacks/bearerTokenAttacks.js';
import { forgeJwt } from '../attacks/forgeJwt.js';

// Forged sign-in tokens against the token server's bearer-JWT authenticator (POST /token with
// Authorization: Bearer <JWT>): with a shared secret, and with a JWKS (RS256 key confusion).
const bench = attackBench('tokens-bearer');
bench.watch.secret(IDP.secret);

type App = ReturnType<typeof bench.tokenApp>;

/** POST /token with a bearer token; returns status and body, recording the body as an error body. */
async function postToken(app: App, token: string, body: object = {}) {
  const res = await request(app.callback()).post('/token').set('Authorization', `Bearer ${token}`).send(body);
  if (res.status >= 400) bench.watch.record('token-server error body', res.text);
  else if (typeof res.body.token === 'string') bench.watch.secret(res.body.token);
  return res;
}

function expectRefused(
  res: Awaited<ReturnType<typeof postToken>>,
  expected: readonly number[],
  label: string,
) {
  expect(expected, `${label}: ${res.status} ${res.text}`).toContain(res.status);
  expect(res.text, label).not.toMatch(/"token"/);
  if (res.status === 401) {
    expect(res.body.error.code, label).toBe('unauthorized');
    expect(res.headers['www-authenticate'], label).toBe('Bearer');
  }
}

describe('the bearer-JWT authenticator with a shared secret', () => {
  const app = bench.tokenApp({
    authenticate: bearerJwtAuthenticator({ secret: IDP.secret, issuer: IDP.issuer, audience: IDP.audience }),
  });

  test('a genuine sign-in token gets a chat token for its own subject, whatever the body asks', async () => {
    const res = await postToken(app, idpToken('bob'), { identity: 'alice' });
    expect(res.status).toBe(200);
    expect(verifyAccessToken(devKeys, res.body.token).identity).toBe('bob');
    bench.tally.count('bearer: identity in the body ignored');
  });

  test('every forged or malformed sign-in token is refused with 401 and no token', async () => {
    for (const attack of bearerTokenAttacks('bob', (token) => bench.watch.secret(token))) {
      expectRefused(await postToken(app, attack.token), attack.expect, `${attack.category}: ${attack.name}`);
      bench.tally.count(`bearer (secret): ${attack.category}`);
    }
  });

  test('HS512 signed with the right secret is refused when only HS256 is allowed', async () => {
    const strict = bench.tokenApp({
      authenticate: bearerJwtAuthenticator({ ...IDP, secret: IDP.secret, algorithms: ['HS256'] }),
    });
    const hs512 = forgeJwt({ alg: 'HS512' }, idpClaims('bob'), { hmac: 'sha512', secret: IDP.secret });
    expectRefused(await postToken(strict, hs512), [401], 'HS512 with HS256 only');
    expect((await postToken(strict, idpToken('bob'))).status).toBe(200);
    bench.tally.count('bearer (secret): alg swap');
  });

  test('no Authorization, another scheme, or two tokens: 401', async () => {
    const real = bench.watch.secret(idpToken('bob'));
    const headers = [
      '',
      'Basic Ym9iOmJvYg==',
      `Token ${real}`,
      `Bearer ${real} ${real}`,
      'Bearer',
      `bearer,${real}`,
    ];
    for (const header of headers) {
      const res = await request(app.callback()).post('/token').set('Authorization', header).send({});
      bench.watch.record('token-server error body', res.text);
      expectRefused(res, [401], JSON.stringify(header.slice(0, 20)));
      bench.tally.count('bearer (secret): garbage');
    }
  });
});

describe('the bearer-JWT authenticator with a JWKS (RS256)', () => {
  let jwks: Server;
  let app: App;
  let privateKey: KeyObject;
  let publicPem: string;
  let publicJwk: Record<string, unknown>;

  beforeAll(async () => {
    ({ privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
    const publicKey = createPublicKey(privateKey);
    publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    app = bench.tokenApp({
      authenticate: bearerJwtAuthenticator({ jwksUrl, issuer: IDP.issuer, audience: IDP.audience }),
    });
  });
  afterAll(async () => {
    jwks.closeAllConnections();
    await new Promise((resolve) => jwks.close(resolve));
  });

  test('a genuine RS256 token works; key confusion and foreign keys are refused', async () => {
    const claims = idpClaims('bob');
    const genuine = bench.watch.secret(forgeJwt({ alg: 'RS256', kid: 'k1' }, claims, { rsa: privateKey }));
    expect((await postToken(app, genuine)).status).toBe(200);

    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const attackerJwk = createPublicKey(attacker).export({ format: 'jwk' });
    const forgeries: Array<[string, string]> = [
      [
        'HS256 keyed with the public key PEM',
        forgeJwt({ alg: 'HS256', kid: 'k1' }, claims, { hmac: 'sha256', secret: publicPem }),
      ],
      [
        'HS256 keyed with the public JWK JSON',
        forgeJwt({ alg: 'HS256', kid: 'k1' }, claims, { hmac: 'sha256', secret: JSON.stringify(publicJwk) }),
      ],
      [
        'HS256 keyed with the modulus',
        forgeJwt({ alg: 'HS256', kid: 'k1' }, claims, { hmac: 'sha256', secret: String(publicJwk.n) }),
      ],
      ['alg none with the kid', forgeJwt({ alg: 'none', kid: 'k1' }, claims, { signature: '' })],
      ['attacker key under the real kid', forgeJwt({ alg: 'RS256', kid: 'k1' }, claims, { rsa: attacker })],
      ['attacker key, unknown kid', forgeJwt({ alg: 'RS256', kid: 'k2' }, claims, { rsa: attacker })],
      [
        'attacker key embedded as jwk header',
        forgeJwt({ alg: 'RS256', jwk: attackerJwk }, claims, { rsa: attacker }),
      ],
      [
        'jku header to an attacker key set',
        forgeJwt({ alg: 'RS256', kid: 'k1', jku: 'http://127.0.0.1:9/jwks' }, claims, { rsa: attacker }),
      ],
      [
        'genuine signature, sub edited',
        `${genuine.split('.')[0]}.${Buffer.from(JSON.stringify({ ...claims, sub: 'alice' })).toString('base64url')}.${genuine.split('.')[2]}`,
      ],
    ];
    for (const [name, token] of forgeries) {
      expectRefused(await postToken(app, token), [401], name);
      bench.tally.count('bearer (JWKS): alg swap / key confusion');
    }
  });
});

test('no secret or token shows up in any log or error body', () => {
  expect(bench.watch.captured.some((entry) => entry.source === 'token-server log')).toBe(true);
  expect(bench.watch.leaks()).toEqual([]);
});

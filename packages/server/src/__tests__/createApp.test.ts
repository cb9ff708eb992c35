import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { jwtVerify } from 'jose';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CreateAppOptions, createApp } from '../createApp.js';
import { devKeys } from '../devKeys.js';
import { HttpError } from '../HttpError.js';
import { createAccessToken } from '../token.js';
import { verifyAccessToken } from '../verifyAccessToken.js';
import { captureLogger, listen } from './helpers.js';

function app(options: Partial<CreateAppOptions> = {}) {
  const logs = captureLogger();
  const koa = createApp({ keys: devKeys, logger: logs.logger, rateLimit: false, ...options });
  return { koa, logs, http: request(koa.callback()) };
}

/** Every refusal: the status, `{"error":{"code","message"}}`, and never a token. */
function expectError(res: request.Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
  expect(res.text).not.toMatch(/eyJ/);
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('POST /token with the development authenticator', () => {
  it('returns a token for the identity, byte-identical to createAccessToken at that clock', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-03-04T05:06:07.890Z'));
    const { http } = app({ ttlSeconds: 600 });
    const res = await http.post('/token').send({ identity: 'alice' }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      token: createAccessToken(devKeys, 'alice', { ttlSeconds: 600 }),
      identity: 'alice',
      expiresAt: '2031-03-04T05:16:07.000Z',
    });
    const verified = verifyAccessToken(devKeys, res.body.token);
    expect(new Date(verified.expiresAt).toISOString()).toBe(res.body.expiresAt);
  });

  it('mints tokens an independent library accepts, with a 1 h default lifetime', async () => {
    const res = await app().http.post('/token').send({ identity: 'Zoë Ω' }).expect(200);
    const { payload } = await jwtVerify(res.body.token, new TextEncoder().encode(devKeys.apiSecret), {
      algorithms: ['HS256'],
    });
    expect(payload.grants).toEqual({ identity: 'Zoë Ω', chat: { service_sid: devKeys.serviceSid } });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it.each([
    ['a missing identity', {}],
    ['an empty identity', { identity: '' }],
    ['a 129-character identity', { identity: 'x'.repeat(129) }],
    ['an identity with #', { identity: 'alice#bob' }],
    ['an identity with a newline', { identity: 'alice\nbob' }],
    ['an identity with DEL', { identity: 'alice\u007f' }],
    ['a numeric identity', { identity: 42 }],
    ['a JSON array', [{ identity: 'alice' }]],
    ['a JSON string', 'alice'],
    ['JSON null', null],
  ])('refuses %s with 400 invalid_argument', async (_, body) => {
    const res = await app()
      .http.post('/token')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
    expectError(res, 400, 'invalid_argument');
  });

  it.each([
    ['a lone surrogate', 'eve\ud800', 'U+D800'],
    ['a zero-width space', 'alice\u200b', 'U+200B'],
    ['a right-to-left override', 'ali\u202ece', 'U+202E'],
    ['a byte order mark', '\ufeffalice', 'U+FEFF'],
    ['a line separator', 'alice\u2028', 'U+2028'],
    ['a no-break space', 'alice\u00a0smith', 'U+00A0'],
    ['a fullwidth #', 'alice\uff03bob', 'U+FF03'],
    ['a decomposed é (not NFC)', 'cafe\u0301', "normalize('NFC')"],
    ['a trailing space', 'alice ', 'trim it'],
  ])('refuses an identity with %s with 400, naming the character', async (_, identity, named) => {
    const { http, logs } = app();
    // JSON.stringify writes a lone surrogate as the escape \ud800, which JSON.parse turns back into one.
    const res = await http
      .post('/token')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ identity }));
    expectError(res, 400, 'invalid_argument');
    expect(res.body.error.message).toContain(named);
    expect(logs.text()).not.toContain('token issued');
  });

  it('refuses a request without a body, non-JSON and invalid UTF-8', async () => {
    const { http } = app();
    expectError(await http.post('/token'), 400, 'invalid_argument');
    expectError(
      await http.post('/token').set('Content-Type', 'application/json').send('{"identity":'),
      400,
      'invalid_argument',
    );
    const badUtf8 = Buffer.from([0x7b, 0x22, 0x69, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
    expectError(
      await http.post('/token').set('Content-Type', 'application/json').send(badUtf8),
      400,
      'invalid_argument',
    );
  });

  it('refuses wrong content types with 415', async () => {
    const { http } = app();
    expectError(
      await http.post('/token').type('text/plain').send('{"identity":"alice"}'),
      415,
      'unsupported_media_type',
    );
    expectError(await http.post('/token').type('form').send('identity=alice'), 415, 'unsupported_media_type');
    const latin1 = await http
      .post('/token')
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"identity":"alice"}');
    expectError(latin1, 415, 'unsupported_media_type');
    await http
      .post('/token')
      .set('Content-Type', 'Application/JSON; charset="UTF-8"')
      .send('{"identity":"a"}')
      .expect(200);
  });

  it('refuses bodies over the limit with 413, declared or streamed', async () => {
    const { http, koa } = app();
    const big = JSON.stringify({ identity: 'alice', pad: 'x'.repeat(5000) });
    expectError(
      await http.post('/token').set('Content-Type', 'application/json').send(big),
      413,
      'payload_too_large',
    );

    const server = await listen(koa);
    try {
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.write(`{"identity":"alice","pad":"${'x'.repeat(3000)}`);
        req.write(`${'x'.repeat(3000)}"}`);
        req.end();
      });
      expect(status).toBe(413);
      expect(JSON.parse(body).error.code).toBe('payload_too_large');
    } finally {
      await server.close();
    }
  });

  it('answers 408 when the body does not arrive in time', async () => {
    const server = await listen(app({ bodyTimeoutMs: 50 }).koa);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${server.url}/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': '20' },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.write('{"identity"');
      });
      expect(status).toBe(408);
    } finally {
      await server.close();
    }
  });

  it('answers 408 on time while a later deadline of another app is pending', async () => {
    // Each body has its own deadline: a long one set first must not hold back a short one.
    const slow = await listen(app({ bodyTimeoutMs: 60_000 }).koa);
    const fast = await listen(app({ bodyTimeoutMs: 50 }).koa);
    const stall = (url: string) => {
      const req = httpRequest(`${url}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': '20' },
      });
      const status = new Promise<number>((resolve, reject) => {
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
      req.write('{"identity"');
      return { req, status };
    };
    const pending = stall(slow.url);
    pending.status.catch(() => {}); // closing the server below ends it with a socket error
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await stall(fast.url).status).toBe(408);
    } finally {
      pending.req.destroy();
      await fast.close();
      await slow.close();
    }
  });

  it('never answers 500 and never gives a token for bad input (property)', async () => {
    const { http } = app();
    const body = fc.oneof(
      fc.json(),
      fc.string(),
      fc.record({ identity: fc.oneof(fc.string({ maxLength: 140 }), fc.jsonValue()) }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await http.post('/token').set('Content-Type', 'application/json').send(text);
        expect(res.status).toBeLessThan(500);
        if (res.status !== 200) expect(res.text).not.toMatch(/eyJ/);
        else expect(verifyAccessToken(devKeys, res.body.token).identity).toBe(res.body.identity);
      }),
      { numRuns: 60 },
    );
  });
});

describe('routes and methods', () => {
  it('GET /healthz answers 200 and is not logged', async () => {
    const { http, logs } = app();
    await http.get('/healthz').expect(200, { ok: true });
    await http.head('/healthz').expect(200);
    expect(logs.lines()).toEqual([]);
  });

  it('answers 405 with Allow for wrong methods and 404 for unknown paths', async () => {
    const { http } = app();
    const get = await http.get('/token');
    expectError(get, 405, 'method_not_allowed');
    expect(get.headers.allow).toBe('POST');
    expectError(await http.put('/token').send({ identity: 'alice' }), 405, 'method_not_allowed');
    expectError(await http.post('/healthz'), 405, 'method_not_allowed');
    // A method the router does not implement is still the caller's mistake, not a 501.
    const trace = await http.trace('/token');
    expectError(trace, 405, 'method_not_allowed');
    expect(trace.headers.allow).toBe('POST');
    expectError(await http.get('/nope'), 404, 'not_found');
    expectError(await http.post('/token/extra').send({ identity: 'a' }), 404, 'not_found');
  });

  it('renders an authenticator failure as JSON, and an unexpected one as a logged 500', async () => {
    const refusing = app({
      authenticate: () => {
        throw new HttpError(403, 'forbidden', 'not you');
      },
    });
    expectError(await refusing.http.post('/token'), 403, 'forbidden');
    const broken = app({
      authenticate: () => {
        throw new Error('database password is hunter2');
      },
    });
    const res = await broken.http.post('/token');
    expectError(res, 500, 'internal');
    expect(res.text).not.toContain('hunter2');
    expect(broken.logs.lines().some((line) => line.level === 'error')).toBe(true);
  });
});

describe('CORS', () => {
  it('allows the local dev origins by default, with preflight', async () => {
    const { http } = app();
    const res = await http
      .post('/token')
      .set('Origin', 'http://localhost:5173')
      .send({ identity: 'alice' })
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const preflight = await http
      .options('/token')
      .set('Origin', 'http://127.0.0.1:5173')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    // A refusal from an allowed origin stays readable by the page.
    const refused = await http.post('/token').set('Origin', 'http://localhost:5173').send({ identity: '' });
    expect(refused.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('refuses other origins with 403, preflight included', async () => {
    const { http } = app();
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null']) {
      const res = await http.post('/token').set('Origin', origin).send({ identity: 'alice' });
      expectError(res, 403, 'forbidden');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    const preflight = await http
      .options('/token')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expectError(preflight, 403, 'forbidden');
  });

  it('uses the configured allow-list instead of the default', async () => {
    const { http } = app({
      corsOrigins: ['https://app.example.com', /^https:\/\/[a-z]+\.preview\.example\.com$/],
    });
    await http.post('/token').set('Origin', 'https://app.example.com').send({ identity: 'a' }).expect(200);
    await http
      .post('/token')
      .set('Origin', 'https://pr.preview.example.com')
      .send({ identity: 'a' })
      .expect(200);
    expectError(
      await http.post('/token').set('Origin', 'http://localhost:5173').send({ identity: 'a' }),
      403,
      'forbidden',
    );
  });
});

describe('rate limit', () => {
  it('refuses a client over its bucket with 429 and Retry-After, per IP', async () => {
    const { http } = app({ rateLimit: { capacity: 3, refillPerSecond: 0.01 } });
    for (let i = 0; i < 3; i++) await http.post('/token').send({ identity: 'alice' }).expect(200);
    const limited = await http.post('/token').send({ identity: 'alice' });
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Without proxy trust, X-Forwarded-For cannot be used to dodge the limit.
    expectError(
      await http.post('/token').set('X-Forwarded-For', '203.0.113.9').send({ identity: 'a' }),
      429,
      'rate_limited',
    );
    // Health checks are not limited.
    await http.get('/healthz').expect(200);
  });

  it('keys on X-Forwarded-For when behind a trusted proxy', async () => {
    const { http } = app({ rateLimit: { capacity: 1, refillPerSecond: 0.01 }, proxy: true });
    await http.post('/token').set('X-Forwarded-For', '203.0.113.1').send({ identity: 'a' }).expect(200);
    expectError(
      await http.post('/token').set('X-Forwarded-For', '203.0.113.1').send({ identity: 'a' }),
      429,
      'rate_limited',
    );
    await http.post('/token').set('X-Forwarded-For', '203.0.113.2').send({ identity: 'a' }).expect(200);
  });

  // Behind one proxy that appends the address it sees (nginx: $proxy_add_x_forwarded_for), the
  // client writes everything left of the last entry: only the last one is the proxy's word.
  it.each([
    ['proxyHops: 1', { proxyHops: 1 }, (spoof: string) => `${spoof}, 203.0.113.7`],
    ['proxy: true (one hop)', { proxy: true }, (spoof: string) => `${spoof}, 203.0.113.7`],
    ['proxyHops: 2', { proxyHops: 2 }, (spoof: string) => `${spoof}, 203.0.113.7, 10.0.0.2`],
  ])(
    'with %s, a spoofed X-Forwarded-For cannot exceed the limit, and the log shows the real address',
    async (_, trust, forwardedFor) => {
      const { http, logs } = app({ rateLimit: { capacity: 20, refillPerSecond: 0.001 }, ...trust });
      let issued = 0;
      for (let i = 0; i < 60; i++) {
        const res = await http
          .post('/token')
          .set('X-Forwarded-For', forwardedFor(`198.51.100.${i}`))
          .send({ identity: 'a' });
        if (res.status === 200) issued += 1;
        else expectError(res, 429, 'rate_limited');
      }
      expect(issued).toBe(20);
      const ips = new Set(logs.lines().map((line) => line.ip));
      expect([...ips]).toEqual(['203.0.113.7']);
    },
  );

  it('refuses a proxy hop count that is not a whole number', () => {
    for (const proxyHops of [-1, 1.5, Number.NaN]) {
      expect(() => createApp({ keys: devKeys, proxyHops })).toThrow(/proxyHops/);
    }
  });

  it('is on by default', async () => {
    const logs = captureLogger();
    const http = request(createApp({ keys: devKeys, logger: logs.logger }).callback());
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await http.post('/token').send({ identity: 'a' })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe('logs', () => {
  it('writes one JSON line per request, without the secret or any token', async () => {
    const { http, logs } = app();
    const ok = await http.post('/token').send({ identity: 'alice' }).expect(200);
    await http.post('/token').send({ identity: 'bad#one' }).expect(400);
    const lines = logs.lines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'token issued',
      identity: 'alice',
      status: 200,
      path: '/token',
    });
    expect(lines[1]).toMatchObject({
      level: 'info',
      msg: 'request refused',
      status: 400,
      code: 'invalid_argument',
    });
    const text = logs.text();
    expect(text).not.toContain(devKeys.apiSecret);
    expect(text).not.toContain(ok.body.token);
    expect(text).not.toContain(ok.body.token.split('.')[2]);
  });
});

describe('createApp refuses unsafe or invalid setups', () => {
  it("throws for a ttl outside Twilio's 3 min - 24 h", () => {
    for (const ttlSeconds of [179, 86_401, 0, 1.5]) {
      expect(() => createApp({ keys: devKeys, ttlSeconds })).toThrow(
        /ttlSeconds must be a whole number from 180/,
      );
    }
    expect(() => createApp({ keys: devKeys, ttlSeconds: 180, logger: captureLogger().logger })).not.toThrow();
    expect(() =>
      createApp({ keys: devKeys, ttlSeconds: 86_400, logger: captureLogger().logger }),
    ).not.toThrow();
  });

  it('throws for malformed keys, naming them', () => {
    expect(() => createApp({ keys: { ...devKeys, apiKey: 'SK123', serviceSid: '' } })).toThrow(
      /apiKey is "SK123", expected "SK" followed by 32 hex characters; serviceSid is missing/,
    );
  });

  it('refuses the development authenticator and the dev keys in production', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(() => createApp({ keys: devKeys })).toThrow(/AUTH_JWKS_URL \(or AUTH_JWT_SECRET\)/);
    const realKeys = { ...devKeys, apiSecret: 'a-real-secret-from-the-twilio-console' };
    expect(() => createApp({ keys: realKeys })).toThrow(/refused when NODE_ENV=production/);
    const bearer = () => 'alice';
    expect(() => createApp({ keys: devKeys, authenticate: bearer })).toThrow(
      /local development keys are refused/,
    );
    expect(() =>
      createApp({ keys: realKeys, authenticate: bearer, logger: captureLogger().logger }),
    ).not.toThrow();
  });
});

import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../createApp.js';
import { devKeys } from '../devKeys.js';
import { optionsFromEnv } from '../optionsFromEnv.js';
import { startServer } from '../startServer.js';
import { captureLogger } from './helpers.js';

const real = {
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_API_KEY: 'SK0123456789abcdef0123456789abcdef',
  TWILIO_API_SECRET: 'the-real-secret-value',
  TWILIO_SERVICE_SID: 'IS0123456789abcdef0123456789abcdef',
};
const JWT_SECRET = 'an-identity-provider-secret-of-32-bytes-or-more';

describe('optionsFromEnv', () => {
  it('defaults to dev keys, the development authenticator, port 3001 on loopback', () => {
    const options = optionsFromEnv({});
    expect(options).toMatchObject({ port: 3001, host: '127.0.0.1', usingDevKeys: true });
    expect(options.app).toMatchObject({
      keys: devKeys,
      authenticate: undefined,
      ttlSeconds: 3600,
      proxyHops: 0,
    });
    expect(options.app.rateLimit).toEqual({ burst: 20, perSecond: 1 });
  });

  it('refuses the development authenticator in production, saying what to set instead', () => {
    expect(() => optionsFromEnv({ NODE_ENV: 'production', ...real })).toThrow(
      /refused when NODE_ENV=production.*AUTH_JWKS_URL \(or AUTH_JWT_SECRET\) together with AUTH_ISSUER and AUTH_AUDIENCE/s,
    );
  });

  it('builds the bearer authenticator and the rest from the environment', async () => {
    const logs = captureLogger();
    const options = optionsFromEnv(
      {
        NODE_ENV: 'production',
        ...real,
        AUTH_JWT_SECRET: JWT_SECRET,
        AUTH_ISSUER: 'https://idp.example',
        AUTH_AUDIENCE: 'chat, other',
        PORT: '8080',
        CORS_ORIGINS: 'https://app.example.com, https://admin.example.com',
        TOKEN_TTL_SECONDS: '900',
        RATE_LIMIT_PER_MINUTE: '120',
        RATE_LIMIT_BURST: '5',
        TRUST_PROXY: '1',
      },
      {},
      logs.logger,
    );
    expect(options).toMatchObject({ port: 8080, host: '0.0.0.0', usingDevKeys: false });
    expect(options.app).toMatchObject({
      corsOrigins: ['https://app.example.com', 'https://admin.example.com'],
      ttlSeconds: 900,
      rateLimit: { burst: 5, perSecond: 2 },
      proxyHops: 1,
    });
    expect(logs.lines()).toEqual([]);
    // The authenticator really checks the issuer: a token without one is refused.
    const http = request(createApp({ ...options.app, logger: logs.logger }).callback());
    const res = await http.post('/token').set('Authorization', 'Bearer a.b.c');
    expect(res.status).toBe(401);
  });

  it('warns when a bearer authenticator checks neither issuer nor audience', () => {
    const logs = captureLogger();
    optionsFromEnv({ AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json' }, {}, logs.logger);
    expect(logs.lines()).toMatchObject([{ level: 'warn', msg: expect.stringContaining('AUTH_ISSUER') }]);
  });

  it('refuses nonsense values with the variable name', () => {
    expect(() => optionsFromEnv({ PORT: 'http' })).toThrow(/PORT=http is not a whole number from 0 to 65535/);
    expect(() => optionsFromEnv({ TOKEN_TTL_SECONDS: '60' })).toThrow(/TOKEN_TTL_SECONDS=60 .* 180 to 86400/);
    expect(() =>
      optionsFromEnv({ AUTH_JWT_SECRET: JWT_SECRET, AUTH_JWKS_URL: 'https://x.example/j' }),
    ).toThrow(/only one of AUTH_JWT_SECRET/);
    expect(optionsFromEnv({ RATE_LIMIT_PER_MINUTE: '0' }).app.rateLimit).toBe(false);
    expect(() => optionsFromEnv({ TRUST_PROXY: 'yes' })).toThrow(
      /TRUST_PROXY=yes is not a whole number from 0 to 10/,
    );
    expect(() => optionsFromEnv({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY/);
  });

  it('reads TRUST_PROXY as the number of proxies in front, true and false as 1 and 0', () => {
    const hops = (TRUST_PROXY: string | undefined) => optionsFromEnv({ TRUST_PROXY }).app.proxyHops;
    expect([hops(undefined), hops(''), hops('0'), hops('1'), hops('2'), hops('true'), hops('FALSE')]).toEqual(
      [0, 0, 0, 1, 2, 1, 0],
    );
  });
});

describe('startServer', () => {
  it('listens, says once that it uses the dev keys, serves, and closes', async () => {
    const logs = captureLogger();
    const running = await startServer({ PORT: '0' }, {}, logs.logger);
    try {
      const health = await fetch(`${running.url}/healthz`);
      expect(health.status).toBe(200);
      const res = await fetch(`${running.url}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"identity":"alice"}',
      });
      expect(res.status).toBe(200);
    } finally {
      await running.close();
    }
    const lines = logs.lines();
    const devLines = lines.filter((line) => String(line.msg).includes('development keys'));
    expect(devLines).toHaveLength(1);
    expect(devLines[0]!.msg).toMatch(/only with @chat\/local-server/);
    expect(lines.some((line) => line.msg === 'listening')).toBe(true);
    expect(running.server.listening).toBe(false);
  });

  it('refuses to start in production without an authenticator or keys', async () => {
    const logs = captureLogger();
    await expect(startServer({ NODE_ENV: 'production', PORT: '0' }, {}, logs.logger)).rejects.toThrow(
      /TWILIO_ACCOUNT_SID/,
    );
    await expect(
      startServer({ NODE_ENV: 'production', PORT: '0', ...real }, {}, logs.logger),
    ).rejects.toThrow(/development authenticator/);
  });
});

import { devKeys } from '@chat/server';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createLocalServer } from '../createLocalServer.js';
import { keysFromEnv } from '../keysFromEnv.js';
import { startServer, TestClient, tokenFor } from './helpers.js';

// Issue 12: with NODE_ENV=production the server started on the public development keys, so anyone
// could sign a token for any identity. @chat/server's createApp refuses the same.

const realKeys = {
  accountSid: `AC${'1'.repeat(32)}`,
  apiKey: `SK${'2'.repeat(32)}`,
  apiSecret: 'a-real-secret-that-nobody-else-knows',
  serviceSid: `IS${'3'.repeat(32)}`,
};
const asEnv = (keys: typeof realKeys) => ({
  TWILIO_ACCOUNT_SID: keys.accountSid,
  TWILIO_API_KEY: keys.apiKey,
  TWILIO_API_SECRET: keys.apiSecret,
  TWILIO_SERVICE_SID: keys.serviceSid,
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the development keys in production', () => {
  test('createLocalServer refuses them with NODE_ENV=production, saying to pass real keys', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    await expect(
      createLocalServer({ port: 0, dbPath: ':memory:', keys: devKeys, host: '0.0.0.0' }),
    ).rejects.toThrow(/development keys .*NODE_ENV=production.*pass your own keys/);
    // A copy of them is refused too: it is the secret that matters.
    await expect(createLocalServer({ port: 0, dbPath: ':memory:', keys: { ...devKeys } })).rejects.toThrow(
      /development keys/,
    );
  });

  test('real keys start in production and verify their own tokens', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const server = await startServer({ keys: realKeys });
    const alice = await TestClient.open(server, { token: tokenFor('alice', 3600, realKeys) });
    expect(await alice.call('ping')).toHaveProperty('now');
  });

  test('main.js: the development values in the TWILIO_* variables are refused in production, on one line', () => {
    const env = { NODE_ENV: 'production', ...asEnv(devKeys) };
    expect(() => keysFromEnv(env)).toThrow(
      /^local-server: TWILIO_API_SECRET is the public development secret[^\n]*set your real keys\.$/,
    );
    expect(keysFromEnv({ NODE_ENV: 'production', ...asEnv(realKeys) })).toEqual(realKeys);
  });

  test('main.js: outside production no variables means the development keys; a partial set is refused', () => {
    expect(keysFromEnv({})).toBe(devKeys);
    expect(keysFromEnv({ NODE_ENV: 'development', ...asEnv(devKeys) })).toEqual(devKeys);
    expect(() => keysFromEnv({ TWILIO_API_KEY: realKeys.apiKey })).toThrow(
      /set TWILIO_ACCOUNT_SID, TWILIO_API_SECRET/,
    );
    expect(() => keysFromEnv({ NODE_ENV: 'production' })).toThrow(/set TWILIO_ACCOUNT_SID/);
  });
});

import { describe, expect, it } from 'vitest';
import { checkKeys } from '../checkKeys.js';
import { devKeys } from '../devKeys.js';
import { loadConfig } from '../loadConfig.js';

const real = {
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_API_KEY: 'SK0123456789abcdef0123456789abcdef',
  TWILIO_API_SECRET: 'the-real-secret-value',
  TWILIO_SERVICE_SID: 'IS0123456789abcdef0123456789abcdef',
};

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

describe('devKeys', () => {
  it('have valid formats and a secret that says it is for local development', () => {
    expect(checkKeys(devKeys)).toEqual([]);
    expect(devKeys.apiSecret).toContain('local-dev');
    expect(Object.isFrozen(devKeys)).toBe(true);
  });
});

describe('loadConfig', () => {
  it('falls back to devKeys with nothing configured outside production', () => {
    expect(loadConfig({})).toBe(devKeys);
    expect(loadConfig({ NODE_ENV: 'development' }, {})).toBe(devKeys);
  });

  it('reads the environment, the config.ts names, and lets the environment win key by key', () => {
    expect(loadConfig(real)).toEqual({
      accountSid: real.TWILIO_ACCOUNT_SID,
      apiKey: real.TWILIO_API_KEY,
      apiSecret: real.TWILIO_API_SECRET,
      serviceSid: real.TWILIO_SERVICE_SID,
    });
    const file = {
      twilioAccountSid: 'AC'.padEnd(34, 'a'),
      twilioApiKey: 'SK'.padEnd(34, 'b'),
      twilioApiSecret: 'file-secret',
      serviceSid: 'IS'.padEnd(34, 'c'),
    };
    expect(loadConfig({}, file)).toEqual({
      accountSid: file.twilioAccountSid,
      apiKey: file.twilioApiKey,
      apiSecret: 'file-secret',
      serviceSid: file.serviceSid,
    });
    expect(loadConfig({ TWILIO_API_SECRET: 'env-secret', TWILIO_API_KEY: '' }, file)).toMatchObject({
      apiSecret: 'env-secret',
      apiKey: file.twilioApiKey,
    });
  });

  it('names each bad key with both ways to set it, without echoing the secret', () => {
    const message = messageOf(() =>
      loadConfig({
        TWILIO_ACCOUNT_SID: 'AC123',
        TWILIO_API_SECRET: 'hunter2-secret',
        TWILIO_SERVICE_SID: 'XX'.padEnd(34, '0'),
      }),
    );
    expect(message).toContain(
      'TWILIO_ACCOUNT_SID (config.ts: twilioAccountSid) is "AC123", expected "AC" followed by 32 hex',
    );
    expect(message).toContain('TWILIO_API_KEY (config.ts: twilioApiKey) is missing');
    expect(message).toContain('TWILIO_SERVICE_SID (config.ts: serviceSid) is "XX000');
    expect(message).not.toContain('TWILIO_API_SECRET (config.ts');
    expect(message).toMatch(/in the environment .* or in packages\/server\/src\/config\.ts/);
    expect(message).not.toContain('hunter2');
    const blank = messageOf(() => loadConfig({ ...real, TWILIO_API_SECRET: '   ' }));
    expect(blank).toContain('TWILIO_API_SECRET (config.ts: twilioApiSecret) is blank');
  });

  it('refuses to run production on no keys or on the development secret', () => {
    const none = messageOf(() => loadConfig({ NODE_ENV: 'production' }));
    expect(none).toMatch(/NODE_ENV=production does not fall back/);
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'TWILIO_SERVICE_SID']) {
      expect(none).toContain(`${name} (config.ts:`);
    }
    const dev = messageOf(() =>
      loadConfig({ NODE_ENV: 'production', ...real, TWILIO_API_SECRET: devKeys.apiSecret }),
    );
    expect(dev).toContain('TWILIO_API_SECRET (config.ts: twilioApiSecret) is the local development secret');
    expect(loadConfig({ NODE_ENV: 'production', ...real }).apiSecret).toBe(real.TWILIO_API_SECRET);
  });
});

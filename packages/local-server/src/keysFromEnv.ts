import { type ChatKeys, devKeys } from '@chat/server';

const ENV_KEYS = {
  accountSid: 'TWILIO_ACCOUNT_SID',
  apiKey: 'TWILIO_API_KEY',
  apiSecret: 'TWILIO_API_SECRET',
  serviceSid: 'TWILIO_SERVICE_SID',
} as const;

/**
 * The keys of `main.js`, from the same variables as @chat/server so that both servers agree
 * without a config file: all four, or none for {@link devKeys} outside production. In production
 * the development secret is refused even when spelled out in the variables: it is public, so
 * anyone could sign a token for any identity.
 *
 * @throws {Error} naming the variables to set.
 */
export function keysFromEnv(env: NodeJS.ProcessEnv = process.env): ChatKeys {
  const production = env.NODE_ENV === 'production';
  const entries = Object.entries(ENV_KEYS).map(([key, name]) => [key, env[name]] as const);
  const missing = entries
    .filter(([, value]) => !value)
    .map(([key]) => ENV_KEYS[key as keyof typeof ENV_KEYS]);
  if (missing.length === 0) {
    const keys = Object.fromEntries(entries) as unknown as ChatKeys;
    if (production && keys.apiSecret === devKeys.apiSecret) {
      throw new Error(
        'local-server: TWILIO_API_SECRET is the public development secret, refused when NODE_ENV=production (anyone could sign tokens for any identity); set your real keys.',
      );
    }
    return keys;
  }
  if (missing.length < entries.length || production) {
    throw new Error(
      `local-server: set ${missing.join(', ')} (all four TWILIO_* variables, as for @chat/server), or unset them all to use the development keys outside production.`,
    );
  }
  return devKeys;
}

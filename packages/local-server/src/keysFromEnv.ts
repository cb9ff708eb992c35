import { type ChatKeys, devKeys, type FileConfig, KEY_SOURCES } from '@chat/server';

/**
 * The keys of `main.js`, from the same variables as @chat/server so that both servers agree
 * without a config file, or from a key file (`--config`: `twilioAccountSid`, `twilioApiKey`,
 * `twilioApiSecret`, `serviceSid`), the environment winning key by key: all four, or none for
 * {@link devKeys} outside production. In production the development secret is refused even when
 * spelled out: it is public, so anyone could sign a token for any identity.
 *
 * @param file the keys read from `--config`, if given.
 * @throws {Error} naming the variables to set.
 */
export function keysFromEnv(env: NodeJS.ProcessEnv = process.env, file: FileConfig = {}): ChatKeys {
  const production = env.NODE_ENV === 'production';
  const entries = (Object.keys(KEY_SOURCES) as (keyof ChatKeys)[]).map((key) => {
    const { env: envName, file: fileName } = KEY_SOURCES[key];
    return [key, env[envName] || file[fileName]] as const;
  });
  const missing = entries.filter(([, value]) => !value).map(([key]) => KEY_SOURCES[key].env);
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
      `local-server: set ${missing.join(', ')} (all four TWILIO_* variables, or the four keys of a --config file, as for @chat/server), or unset them all to use the development keys outside production.`,
    );
  }
  return devKeys;
}

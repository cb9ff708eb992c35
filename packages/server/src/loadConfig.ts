import type { ChatKeys } from './ChatKeys.js';
import { checkKeys, KEY_SOURCES, type KeyProblem } from './checkKeys.js';
import { devKeys } from './devKeys.js';
import { KeysError } from './KeysError.js';

/**
 * The keys of a key file (`--config`, read by `loadConfigFile`), named as the seed's
 * `src/config.ts` exports them; all optional here, since the environment can supply any.
 */
export interface FileConfig {
  twilioAccountSid?: string;
  twilioApiKey?: string;
  twilioApiSecret?: string;
  serviceSid?: string;
}

const HOW_TO_SET =
  'Set each in the environment (TWILIO_ACCOUNT_SID, TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_SERVICE_SID), ' +
  'or in a key file given with chat-server --config <file> (JSON or a JS module with twilioAccountSid, ' +
  'twilioApiKey, twilioApiSecret, serviceSid), or in packages/server/src/config.ts in this repository ' +
  '(copy src/config.example.ts). The environment wins over the file. Find the values in the Twilio ' +
  'console: Account info (AC...), API keys (SK... and its secret), Chat services (IS...).';

function describe(problems: KeyProblem[]): string {
  return problems
    .map(({ key, problem }) => `  - ${KEY_SOURCES[key].env} (config.ts: ${KEY_SOURCES[key].file}) ${problem}`)
    .join('\n');
}

/**
 * Reads the Twilio keys from the environment and/or a key file (`--config`, or `src/config.ts` in
 * this repository), key by key, the environment winning. With nothing configured at all and `NODE_ENV` not `production`, returns
 * {@link devKeys} (check `keys === devKeys` to say so). In production the dev keys are refused.
 *
 * @param env usually `process.env`.
 * @param file the keys of the key file, when there is one.
 * @throws {KeysError} listing each missing or malformed key with both ways to set it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, file: FileConfig = {}): ChatKeys {
  const raw: Record<keyof ChatKeys, unknown> = { accountSid: '', apiKey: '', apiSecret: '', serviceSid: '' };
  let anySet = false;
  for (const key of Object.keys(KEY_SOURCES) as (keyof ChatKeys)[]) {
    const { env: envName, file: fileName } = KEY_SOURCES[key];
    const fromEnv = env[envName];
    raw[key] = fromEnv !== undefined && fromEnv !== '' ? fromEnv : file[fileName];
    if (raw[key] !== undefined && raw[key] !== '') anySet = true;
  }
  const production = env.NODE_ENV === 'production';
  if (!anySet && !production) return devKeys;

  const problems = checkKeys(raw);
  if (production && raw.apiSecret === devKeys.apiSecret) {
    problems.push({ key: 'apiSecret', problem: 'is the local development secret, which Twilio rejects' });
  }
  if (problems.length > 0) {
    const intro = anySet
      ? 'The Twilio keys are incomplete or malformed:'
      : 'No Twilio keys are configured, and NODE_ENV=production does not fall back to the local development keys:';
    throw new KeysError(`${intro}\n${describe(problems)}\n${HOW_TO_SET}`, problems);
  }
  return Object.freeze(raw as unknown as ChatKeys);
}

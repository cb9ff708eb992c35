import type { ChatKeys } from './ChatKeys.js';

/** Where each key can be set: its environment variable and its name in `src/config.ts`. */
export const KEY_SOURCES = {
  accountSid: { env: 'TWILIO_ACCOUNT_SID', file: 'twilioAccountSid', prefix: 'AC' },
  apiKey: { env: 'TWILIO_API_KEY', file: 'twilioApiKey', prefix: 'SK' },
  apiSecret: { env: 'TWILIO_API_SECRET', file: 'twilioApiSecret', prefix: '' },
  serviceSid: { env: 'TWILIO_SERVICE_SID', file: 'serviceSid', prefix: 'IS' },
} as const satisfies Record<keyof ChatKeys, { env: string; file: string; prefix: string }>;

/** One bad key and what is wrong with it (the message never contains the secret). */
export interface KeyProblem {
  key: keyof ChatKeys;
  problem: string;
}

/**
 * Checks the four keys' formats: `AC`/`SK`/`IS` followed by 32 hex characters and a non-empty
 * secret. Returns every problem found; an empty list means the keys are well-formed.
 */
export function checkKeys(keys: Partial<Record<keyof ChatKeys, unknown>>): KeyProblem[] {
  const problems: KeyProblem[] = [];
  for (const key of Object.keys(KEY_SOURCES) as (keyof ChatKeys)[]) {
    const value = keys[key];
    const { prefix } = KEY_SOURCES[key];
    if (value === undefined || value === '') {
      problems.push({ key, problem: 'is missing' });
    } else if (typeof value !== 'string') {
      problems.push({ key, problem: `must be a string, got ${typeof value}` });
    } else if (key === 'apiSecret') {
      if (value.trim() === '') problems.push({ key, problem: 'is blank' });
    } else if (!new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value)) {
      problems.push({
        key,
        problem: `is ${JSON.stringify(value.slice(0, 40))}, expected "${prefix}" followed by 32 hex characters`,
      });
    }
  }
  return problems;
}

import type { ChatKeys } from './ChatKeys.js';

/**
 * Clearly fake keys for local development. They have Twilio's formats (so every format check
 * passes) but belong to no Twilio account: tokens signed with them work only with
 * `@chat/local-server`, which accepts exactly these keys. `main.ts` uses them when no config is
 * given and `NODE_ENV` is not `production`; `loadConfig` refuses them in production.
 */
export const devKeys: ChatKeys = Object.freeze({
  accountSid: 'AC10ca1de7000000000000000000000000',
  apiKey: 'SK10ca1de7000000000000000000000000',
  apiSecret: 'local-dev-secret-not-a-twilio-secret-do-not-use-in-production',
  serviceSid: 'IS10ca1de7000000000000000000000000',
});

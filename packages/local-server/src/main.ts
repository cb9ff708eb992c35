import { resolve } from 'node:path';
import { type ChatKeys, devKeys } from '@chat/server';
import { createLocalServer } from './createLocalServer.js';

const ENV_KEYS = {
  accountSid: 'TWILIO_ACCOUNT_SID',
  apiKey: 'TWILIO_API_KEY',
  apiSecret: 'TWILIO_API_SECRET',
  serviceSid: 'TWILIO_SERVICE_SID',
} as const;

// The same variables as @chat/server, so that both servers agree on the keys without a config file.
function keysFromEnv(): ChatKeys {
  const entries = Object.entries(ENV_KEYS).map(([key, name]) => [key, process.env[name]] as const);
  const missing = entries
    .filter(([, value]) => !value)
    .map(([key]) => ENV_KEYS[key as keyof typeof ENV_KEYS]);
  if (missing.length === 0) return Object.fromEntries(entries) as unknown as ChatKeys;
  if (missing.length < entries.length || process.env.NODE_ENV === 'production') {
    throw new Error(
      `local-server: set ${missing.join(', ')} (all four TWILIO_* variables, as for @chat/server), or unset them all to use the development keys outside production.`,
    );
  }
  return devKeys;
}

const port = process.env.PORT === undefined ? 3002 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`local-server: PORT must be an integer 0-65535, got ${JSON.stringify(process.env.PORT)}.`);
}
const dbPath = process.env.CHAT_DB ?? resolve(process.cwd(), '.chat-data/chat.db');

const server = await createLocalServer({
  port,
  dbPath,
  keys: keysFromEnv(),
  host: process.env.HOST ?? '127.0.0.1',
});
console.log(
  `local-server: listening on ${server.url} (WebSocket ${server.url.replace('http', 'ws')}/ws, db ${dbPath}; Twilio SDKs: clientOptions ${JSON.stringify(server.twilioClientOptions)})`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('local-server: close failed', error);
        process.exit(1);
      },
    );
  });
}

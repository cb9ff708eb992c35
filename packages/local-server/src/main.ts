import { resolve } from 'node:path';
import { createLocalServer, type LocalServer } from './createLocalServer.js';
import { keysFromEnv } from './keysFromEnv.js';

async function start(): Promise<{ server: LocalServer; dbPath: string }> {
  const port = process.env.PORT === undefined ? 3002 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `local-server: PORT must be an integer 0-65535, got ${JSON.stringify(process.env.PORT)}.`,
    );
  }
  const dbPath = process.env.CHAT_DB ?? resolve(process.cwd(), '.chat-data/chat.db');
  const server = await createLocalServer({
    port,
    dbPath,
    keys: keysFromEnv(),
    host: process.env.HOST ?? '127.0.0.1',
  });
  return { server, dbPath };
}

// A configuration mistake is one line that says what to set, not a stack trace.
const { server, dbPath } = await start().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
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

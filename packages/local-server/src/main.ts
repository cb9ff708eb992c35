#!/usr/bin/env node
// The `chat-local-server` command (`npx @chat/local-server`, `node dist/main.js`): flags and
// environment in LOCAL_CLI_HELP (cli.ts).
import { describeLocalStartError, runLocalServerCli } from './cli.js';

// A mistake (a busy port, bad keys, a bad flag) is one line that says what to do, not a stack trace.
const run = await runLocalServerCli(process.argv.slice(2), process.env).catch((error: unknown) => {
  const line = describeLocalStartError(error);
  console.error(`chat-local-server: ${line}`);
  process.exit(1);
});

if (run !== null) {
  const { server, dbPath } = run;
  console.log(
    `chat-local-server: listening on ${server.url} (WebSocket ${server.url.replace('http', 'ws')}/ws, db ${dbPath}; Twilio SDKs: clientOptions ${JSON.stringify(server.twilioClientOptions)})`,
  );
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('chat-local-server: close failed', error);
          process.exit(1);
        },
      );
    });
  }
}

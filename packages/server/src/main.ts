#!/usr/bin/env node
// The `chat-server` command (`npx @chat/server`, `node dist/main.js`, `pnpm --filter @chat/server start`).
// Flags and environment: see CLI_HELP in cli.ts. In this repository it also reads the git-ignored
// src/config.ts when it exists and no --config is given; the build never compiles that file and
// the package never ships it, so an installed package reads keys only from --config or the environment.

import { fileURLToPath } from 'node:url';
import { CliUsageError, describeStartError, runCli } from './cli.js';
import { createJsonLogger } from './logger.js';

const logger = createJsonLogger();
// Lines are buffered for up to 100 ms; write them out however the process ends.
process.on('exit', () => logger.flush());

try {
  const running = await runCli(process.argv.slice(2), process.env, {
    logger,
    defaultConfigPath: fileURLToPath(new URL('../src/config.ts', import.meta.url)),
  });
  if (running !== null) {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info('shutting down', { signal });
      // In-flight requests finish; a hung client cannot keep the process alive past 10 s.
      const force = setTimeout(() => {
        running.server.closeAllConnections();
      }, 10_000);
      force.unref();
      running.close().then(
        () => {
          logger.flush();
          process.exit(0);
        },
        (error: unknown) => {
          logger.error('shutdown failed', { error: String(error) });
          logger.flush();
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  }
} catch (error) {
  const line = describeStartError(error);
  if (!(error instanceof CliUsageError)) logger.error('cannot start the token server', { error: line });
  logger.flush();
  // The JSON line is for log collectors; this one is for the person who started the server.
  process.stderr.write(`chat-server: ${line}\n`);
  process.exitCode = 1;
}

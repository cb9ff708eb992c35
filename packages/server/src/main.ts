// Starts the token server: `node dist/main.js` (or `pnpm --filter @chat/server start`).
// Configuration: environment variables (see README) over the optional, git-ignored src/config.ts.

import type { FileConfig } from './loadConfig.js';
import { createJsonLogger } from './logger.js';
import { startServer } from './startServer.js';

const logger = createJsonLogger();
// Lines are buffered for up to 100 ms; write them out however the process ends.
process.on('exit', () => logger.flush());

/** Loads src/config.ts (compiled to config.js) when it exists; it is optional. */
async function loadFileConfig(): Promise<FileConfig> {
  // A variable specifier keeps TypeScript from requiring the git-ignored file to exist.
  const specifier = './config.js';
  try {
    return (await import(specifier)) as FileConfig;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes('config.js')) return {};
    throw error;
  }
}

try {
  const running = await startServer(process.env, await loadFileConfig(), logger);
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
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  logger.error('cannot start the token server', { error: message });
  logger.flush();
  // The JSON line is for log collectors; people starting the server read this.
  process.stderr.write(`\n${message}\n`);
  process.exitCode = 1;
}

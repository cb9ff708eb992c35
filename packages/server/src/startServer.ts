import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './createApp.js';
import type { FileConfig } from './loadConfig.js';
import type { Logger } from './logger.js';
import { optionsFromEnv } from './optionsFromEnv.js';

/** A listening token server. */
export interface RunningServer {
  server: Server;
  /** `http://HOST:PORT` with the real port (useful with `PORT=0`). */
  url: string;
  /** Stops accepting connections, ends idle keep-alive ones and resolves when all are closed. */
  close(): Promise<void>;
}

/**
 * Reads the configuration (the environment over the key file), creates the app and listens.
 * What `main.ts` runs; it throws before listening when the configuration is wrong.
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  file: FileConfig,
  logger: Logger,
): Promise<RunningServer> {
  const options = optionsFromEnv(env, file, logger);
  if (options.usingDevKeys) {
    logger.warn(
      'no Twilio keys configured: using the local development keys; these tokens work only with @chat/local-server',
    );
  }
  const app = createApp({ ...options.app, logger });
  const server = createServer(app.callback());
  // Slow or idle clients must not hold sockets forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  logger.info('listening', { url, authenticator: options.app.authenticate ? 'bearer-jwt' : 'development' });
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { createJsonLogger } from '../logger.js';

/** A JSON logger whose lines are kept in memory; `lines()` flushes and parses them. */
export function captureLogger() {
  let text = '';
  const logger = createJsonLogger((chunk) => {
    text += chunk;
  });
  return {
    logger,
    text: () => {
      logger.flush();
      return text;
    },
    lines: (): Record<string, unknown>[] => {
      logger.flush();
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}

/** Listens on 127.0.0.1:0 for the few tests that need a raw socket; `close()` ends everything. */
export async function listen(app: Koa | RequestListener) {
  const handler = typeof app === 'function' ? app : app.callback();
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createLocalServer, type LocalServer, type LocalServerOptions } from '@chat/local-server';
import { type ChatKeys, type CreateAppOptions, createAccessToken, createApp, devKeys } from '@chat/server';
import { afterAll, beforeAll } from 'vitest';
import { AttackTally } from './AttackTally.js';
import { LeakWatch } from './LeakWatch.js';
import { closeAllClients, setErrorSink } from './WsClient.js';

/** What every attack test file gets: a leak watch, a tally, and servers wired to both. */
export interface AttackBench {
  watch: LeakWatch;
  tally: AttackTally;
  /** A real local server on 127.0.0.1:0, logging into the watch; closed after the file. */
  startLocal(options?: Partial<LocalServerOptions>): Promise<LocalServer>;
  /** The token server's Koa app (never listens), logging into the watch; rate limit off. */
  tokenApp(options?: Partial<CreateAppOptions>): ReturnType<typeof createApp>;
  /** A real access token for `identity`, registered with the watch (it must never leak). */
  mint(identity: string, options?: { keys?: ChatKeys; ttlSeconds?: number; now?: number }): string;
}

/**
 * Sets up the shared fixtures of one attack test file: starts the leak watch before the first
 * test, and after the last one closes every client and server, stops the watch and writes the
 * tally. Call once at the top of the file; `quiet` swallows what the servers print (still checked).
 */
export function attackBench(file: string, { quiet = false } = {}): AttackBench {
  const watch = new LeakWatch();
  const tally = new AttackTally(file);
  const servers: LocalServer[] = [];
  watch.secret(devKeys.apiSecret);

  beforeAll(() => {
    watch.start({ passThrough: !quiet });
    setErrorSink((text) => watch.record('ws error reply', text));
  });
  afterAll(async () => {
    closeAllClients();
    await Promise.all(servers.splice(0).map((server) => server.close()));
    setErrorSink(undefined);
    watch.stop();
    tally.flush();
  });

  return {
    watch,
    tally,
    async startLocal(options = {}) {
      const server = await createLocalServer({
        port: 0,
        host: '127.0.0.1',
        dbPath: ':memory:',
        keys: devKeys,
        logger: watch.localServerLogger(),
        ...options,
      });
      servers.push(server);
      return server;
    },
    tokenApp(options = {}) {
      return createApp({ keys: devKeys, logger: watch.tokenServerLogger(), rateLimit: false, ...options });
    },
    mint(identity, { keys = devKeys, ttlSeconds = 3600, now } = {}) {
      return watch.secret(createAccessToken(keys, identity, { ttlSeconds, now }));
    },
  };
}

// The local chat server in its own process, so that a test can SIGKILL it (not a clean close) and
// measure its heap apart from the clients. Started by ServerProcess.ts with fork() (IPC channel).
// Env: PORT (0 = any), CHAT_DB (file), MARGIN_MS (tokenRefreshMarginMs), RATE_LIMIT=off.
// IPC in: 'heap' (after a full GC when run with --expose-gc), 'stats', 'close'.
// IPC out: { url, port, pid } once listening; { heap }, { stats } as answers.
import { createLocalServer } from '@chat/local-server';
import { devKeys } from '@chat/server';

let errors = 0;
const logger = {
  info() {},
  error(message, error) {
    errors++;
    console.error(`[local-server ${process.pid}]`, message, error ?? '');
  },
};

const server = await createLocalServer({
  port: Number(process.env.PORT ?? 0),
  dbPath: process.env.CHAT_DB,
  keys: devKeys,
  logger,
  ...(process.env.MARGIN_MS ? { tokenRefreshMarginMs: Number(process.env.MARGIN_MS) } : {}),
  ...(process.env.RATE_LIMIT === 'off' ? { rateLimit: false } : {}),
});
process.send({ url: server.url, port: server.port, pid: process.pid });

process.on('message', async (message) => {
  if (message === 'heap') {
    // Twice: the first pass may only finalize what the second frees.
    globalThis.gc?.();
    globalThis.gc?.();
    process.send({ heap: process.memoryUsage() });
  } else if (message === 'stats') {
    process.send({ stats: { errors } });
  } else if (message === 'close') {
    await server.close();
    process.exit(0);
  }
});
// The parent died without closing us: do not linger as an orphan holding the port.
process.on('disconnect', () => process.exit(0));

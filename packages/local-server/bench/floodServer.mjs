// The server under the floods, in its own process (so that neither the attacker nor the victim
// shares its event loop), with its DEFAULT limits: the point is what a reachable server does as
// shipped. Usage (by floods.mjs): node floodServer.mjs DIST_DIR DB_PATH.
// IPC in: 'stats', 'reset' (starts a new event-loop-delay histogram), 'close'. IPC out: { url, port } once listening; { stats } as answers.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { devKeys } from '@chat/server';

const [distDir, dbPath] = process.argv.slice(2);
const { createLocalServer } = await import(pathToFileURL(join(resolve(distDir), 'index.js')).href);

let errors = 0;
const server = await createLocalServer({
  port: 0,
  host: '127.0.0.1',
  dbPath,
  keys: devKeys,
  logger: {
    info() {},
    error() {
      errors++;
    },
  },
});

// How long the server's own event loop was blocked: tells the server's work apart from a busy
// machine delaying the processes (the victim's latency includes both).
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

const size = (path) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

function stats() {
  const memory = process.memoryUsage();
  return {
    // Every open descriptor: sockets (HTTP, WebSocket, half-closed ones) plus a fixed ~25 of the
    // process itself (database, WAL, pipes, the checkpoint worker).
    fds: readdirSync('/proc/self/fd').length,
    rssMiB: memory.rss / 2 ** 20,
    heapMiB: memory.heapUsed / 2 ** 20,
    dbMiB: (size(dbPath) + size(`${dbPath}-wal`)) / 2 ** 20,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
    errors,
  };
}

process.send({ url: server.url, port: server.port });
process.on('message', async (message) => {
  if (message === 'stats') process.send({ stats: stats() });
  if (message === 'reset') loop.reset();
  if (message === 'close') {
    await server.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

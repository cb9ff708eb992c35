// Runs the server under test in its own process, so that the load generator does not share its
// event loop. Usage (by run.mjs): node serverChild.mjs local|bare [dbPath]; prints the URL on IPC.
// BENCH_TWILIO=0 runs the local server without its Twilio emulator (to measure what it costs).
import { devKeys } from '@chat/server';
import { createLocalServer } from '../dist/index.js';
import { startBareServer } from './bareServer.mjs';

const [kind, dbPath] = process.argv.slice(2);
const server =
  kind === 'bare'
    ? await startBareServer()
    : await createLocalServer({
        port: 0,
        dbPath,
        keys: devKeys,
        rateLimit: false,
        twilio: process.env.BENCH_TWILIO === '0' ? false : {},
        logger: { info() {}, error: (m, e) => console.error(m, e) },
      });
process.send({ url: server.url });
process.on('message', async (message) => {
  if (message === 'cpu') process.send({ cpu: process.cpuUsage() });
  if (message === 'close') {
    await server.close();
    process.exit(0);
  }
});

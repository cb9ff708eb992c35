// Runs the server under test in its own process, so that the load generator does not share its
// event loop. Usage (by run.mjs): node serverChild.mjs local|bare [dbPath] [quotas: off|default];
// prints the URL on IPC. Quotas are off unless asked for: the benchmarks' setup creates channels by
// the hundred, which is the very thing the default quotas refuse. BENCH_TWILIO=0 runs the local
// server without its Twilio emulator (to measure what it costs).
import { devKeys } from '@chat/server';
import { createLocalServer } from '../dist/index.js';
import { startBareServer } from './bareServer.mjs';

const [kind, dbPath, quotas = 'off'] = process.argv.slice(2);
const server =
  kind === 'bare'
    ? await startBareServer()
    : await createLocalServer({
        port: 0,
        dbPath,
        keys: devKeys,
        rateLimit: false,
        ...(quotas === 'default' ? {} : { quotas: false }),
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

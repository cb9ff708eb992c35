// Benchmark of @chat/local-server against a bare `ws` fan-out, side by side in one run.
// Run: pnpm --filter @chat/local-server bench (builds dist first). Knobs: BENCH_ROUNDS (3),
// BENCH_CLIENTS (100), BENCH_RATE (1000), BENCH_SECONDS (10), BENCH_MAX_MESSAGES (10000).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectRoom, maxPhase, pacedPhase } from './fanout.mjs';
import { listChannelsBench } from './listChannels.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const env = (name, fallback) => Number(process.env[name] ?? fallback);
const config = {
  rounds: env('BENCH_ROUNDS', 3),
  clients: env('BENCH_CLIENTS', 100),
  rate: env('BENCH_RATE', 1000),
  seconds: env('BENCH_SECONDS', 10),
  maxMessages: env('BENCH_MAX_MESSAGES', 10_000),
  window: 64,
};
const dataDir = mkdtempSync(join(tmpdir(), 'local-server-bench-'));

async function startChild(kind, dbPath) {
  const child = fork(join(here, 'serverChild.mjs'), [kind, dbPath ?? ''], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return {
    url,
    /** CPU time (user + system, µs) the server process has used so far. */
    cpu: () =>
      new Promise((resolve) => {
        child.once('message', ({ cpu }) => resolve(cpu.user + cpu.system));
        child.send('cpu');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send('close');
      }),
  };
}

async function fanoutRound(kind, round) {
  const server = await startChild(kind, join(dataDir, `${kind}-${round}.db`));
  const clients = await connectRoom(kind, server.url, config.clients);
  try {
    await pacedPhase(clients, { rate: config.rate, seconds: 1, tag: `warm${round}` });
    const cpuBefore = await server.cpu();
    const paced = await pacedPhase(clients, {
      rate: config.rate,
      seconds: config.seconds,
      tag: `paced${round}`,
    });
    // Server CPU per message (fan-out to every client included): robust on a busy machine.
    paced.serverCpuMicrosPerMessage = ((await server.cpu()) - cpuBefore) / paced.sent;
    const max = await maxPhase(clients, {
      count: config.maxMessages,
      window: config.window,
      tag: `max${round}`,
    });
    return { paced, max };
  } finally {
    for (const client of clients) client.close();
    await server.stop();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function summarize(rounds) {
  return {
    deliveredPerClientPerSecond: median(rounds.map((r) => r.paced.deliveredPerClientPerSecond)),
    deliveredPerSecond: median(rounds.map((r) => r.paced.deliveredPerSecond)),
    p50: median(rounds.map((r) => r.paced.p50)),
    p99: median(rounds.map((r) => r.paced.p99)),
    maxMessagesPerSecond: median(rounds.map((r) => r.max.messagesPerSecond)),
    serverCpuMicrosPerMessage: median(rounds.map((r) => r.paced.serverCpuMicrosPerMessage)),
    allDelivered: rounds.every((r) => r.paced.complete && r.max.complete),
  };
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  // Other processes on the machine skew every latency; the load average says how much.
  loadAverageAtStart: loadavg()[0],
  config,
  rounds: { local: [], bare: [] },
};
try {
  // Interleaved rounds, so that machine noise hits both servers alike.
  for (let round = 0; round < config.rounds; round++) {
    for (const kind of round % 2 === 0 ? ['local', 'bare'] : ['bare', 'local']) {
      const result = await fanoutRound(kind, round);
      results.rounds[kind].push(result);
      console.error(
        `round ${round + 1}/${config.rounds} ${kind.padEnd(5)} p50 ${result.paced.p50.toFixed(2)} ms, p99 ${result.paced.p99.toFixed(2)} ms, max ${result.max.messagesPerSecond.toFixed(0)} msg/s, ${result.paced.serverCpuMicrosPerMessage.toFixed(0)} µs CPU/msg`,
      );
    }
  }
  const server = await startChild('local', join(dataDir, 'list.db'));
  try {
    results.listChannels = await listChannelsBench(server.url, {
      channels: 500,
      messagesPerChannel: 3,
      iterations: 20,
    });
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const local = summarize(results.rounds.local);
const bare = summarize(results.rounds.bare);
results.loadAverageAtEnd = loadavg()[0];
results.summary = { local, bare, throughputRatio: local.maxMessagesPerSecond / bare.maxMessagesPerSecond };
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const row = (name, s) =>
  `| ${name.padEnd(22)} | ${s.deliveredPerClientPerSecond.toFixed(0).padStart(9)} | ${s.p50.toFixed(2).padStart(6)} | ${s.p99.toFixed(2).padStart(6)} | ${s.maxMessagesPerSecond.toFixed(0).padStart(12)} | ${s.serverCpuMicrosPerMessage.toFixed(0).padStart(10)} | ${s.allDelivered ? 'yes' : 'NO'} |`;
const { listChannels } = results;
console.log(`
Fan-out: ${config.clients} clients in one channel, ${config.rate} msg/s for ${config.seconds} s; medians of ${config.rounds} interleaved rounds
| server                 | msg/s/client | p50 ms | p99 ms | max msg/s | server CPU µs/msg | all delivered |
| ---------------------- | ------------ | ------ | ------ | --------- | ----------------- | ------------- |
${row('local-server (SQLite)', local)}
${row('bare ws fan-out', bare)}
Throughput ratio local/bare: ${results.summary.throughputRatio.toFixed(2)}x (goal >= 0.5x); goal p50 <= 3 ms, p99 <= 30 ms

connect + hello + listChannels, ${listChannels.channels} channels with unread counts (${(listChannels.replyBytes / 1024).toFixed(0)} KiB):
median ${listChannels.median.toFixed(1)} ms, p95 ${listChannels.p95.toFixed(1)} ms, max ${listChannels.max.toFixed(1)} ms (goal <= 300 ms)
Load average (1 min) at start ${results.loadAverageAtStart.toFixed(1)}, at end ${results.loadAverageAtEnd.toFixed(1)} on ${results.cpus} CPUs
Written to bench/results.json`);

#!/usr/bin/env node
// `pnpm bench:token`: POST /token throughput of three servers side by side — the seed's path,
// @chat/server, and a raw node:http ceiling — each in its own child process so the load
// generator (autocannon, here) never shares an event loop with the server it measures.
// Rounds are short and interleaved so that background noise hits all three alike; the figures
// are medians over rounds, with each server's CPU time per request beside its req/s. Prints a
// table and the ratios, and writes bench/results.json. The goals are ours/seed and ours' p99; the
// raw ratio is shown for information (what the framework costs), not as a goal.
import { execFileSync, fork } from 'node:child_process';
import { openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = 50;
const GOALS = { oursOverSeed: 5, p99Ms: 15 };

console.log('building @chat/protocol and @chat/server (tsc -p tsconfig.build.json)…');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
for (const project of [join(here, '..', '..', 'protocol'), join(here, '..')]) {
  execFileSync(process.execPath, [tsc, '-p', join(project, 'tsconfig.build.json')], { stdio: 'inherit' });
}

const logFile = join(os.tmpdir(), `chat-server-bench-${process.pid}.log`);
const servers = [
  { name: 'seed', label: 'seed: Koa + twilio AccessToken (string secret)', file: 'seed.mjs' },
  { name: 'ours', label: '@chat/server createApp (Koa + @koa/router)', file: 'ours.mjs' },
  { name: 'raw', label: 'raw: node:http + node:crypto HMAC', file: 'raw.mjs' },
];

async function start(server) {
  // Our server logs a JSON line per request, as in production; the lines go to a file.
  const out = server.name === 'ours' ? openSync(logFile, 'w') : 'ignore';
  const child = fork(join(here, 'servers', server.file), {
    stdio: ['ignore', out, 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'development' },
  });
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${server.file} exited with ${code}`)));
  });
  child.removeAllListeners('exit');
  return { ...server, child, url: `http://127.0.0.1:${port}/token`, runs: [] };
}

function load(url, duration) {
  return autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json' },
    body: '{"identity":"alice"}',
  });
}

/** CPU time (user + system, µs) the child has used so far. */
function cpuOf(server) {
  return new Promise((resolve) => {
    server.child.once('message', ({ cpu }) => resolve(cpu.user + cpu.system));
    server.child.send('cpu');
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const running = [];
try {
  for (const server of servers) running.push(await start(server));
  for (const server of running) await load(server.url, 1); // warm up the JIT
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no server always runs first or last.
    const order = running.map((_, i) => running[(i + round) % running.length]);
    for (const server of order) {
      const cpuBefore = await cpuOf(server);
      const result = await load(server.url, SECONDS);
      const cpuUsed = (await cpuOf(server)) - cpuBefore;
      const bad = result.non2xx + result.errors + result.timeouts;
      if (bad > 0) throw new Error(`${server.name}: ${bad} failed requests (non-2xx/errors/timeouts)`);
      const cpuUs = Number((cpuUsed / result.requests.total).toFixed(1));
      server.runs.push({ rps: Math.round(result.requests.average), p99: result.latency.p99, cpuUs });
      console.log(
        `round ${round + 1}/${ROUNDS} ${server.name.padEnd(4)} ${Math.round(result.requests.average)} req/s, ` +
          `p99 ${result.latency.p99} ms, ${cpuUs} µs CPU/request`,
      );
    }
  }
} finally {
  for (const server of running) server.child.kill();
}

const summary = Object.fromEntries(
  running.map((s) => [
    s.name,
    {
      label: s.label,
      rps: Math.round(median(s.runs.map((r) => r.rps))),
      p99Ms: median(s.runs.map((r) => r.p99)),
      cpuUsPerRequest: median(s.runs.map((r) => r.cpuUs)),
      runs: s.runs,
    },
  ]),
);
const ratio = (a, b) => Number((a / b).toFixed(2));
const ratios = {
  oursOverSeed: ratio(summary.ours.rps, summary.seed.rps),
  oursOverRaw: ratio(summary.ours.rps, summary.raw.rps),
};
// The same comparison by CPU time per request: what each server would do on a core of its own.
// Far less sensitive than req/s to other processes competing for the machine's cores.
const cpuRatios = {
  oursOverSeed: ratio(summary.seed.cpuUsPerRequest, summary.ours.cpuUsPerRequest),
  oursOverRaw: ratio(summary.raw.cpuUsPerRequest, summary.ours.cpuUsPerRequest),
};
const met = {
  oursOverSeed: ratios.oursOverSeed >= GOALS.oursOverSeed,
  p99: summary.ours.p99Ms <= GOALS.p99Ms,
};
const verdict = (ok) => (ok ? 'met' : 'MISSED');
const load1 = os.loadavg().map((l) => l.toFixed(1));

console.log(
  `\nPOST /token, autocannon ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds × ${SECONDS} s, medians`,
);
console.log(
  `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${load1.join(' ')}\n`,
);
console.log(
  `${'server'.padEnd(46)} ${'req/s'.padStart(7)} ${'p99 ms'.padStart(8)} ${'CPU µs/req'.padStart(11)}`,
);
for (const s of Object.values(summary)) {
  console.log(
    `${s.label.padEnd(46)} ${String(s.rps).padStart(7)} ${String(s.p99Ms).padStart(8)} ${String(s.cpuUsPerRequest).padStart(11)}`,
  );
}
console.log(
  `\nours / seed = ${ratios.oursOverSeed}x (goal ≥ ${GOALS.oursOverSeed}x) ${verdict(met.oursOverSeed)}; by CPU ${cpuRatios.oursOverSeed}x`,
);
console.log(`ours / raw  = ${ratios.oursOverRaw}x (information, no goal); by CPU ${cpuRatios.oursOverRaw}x`);
console.log(`ours p99    = ${summary.ours.p99Ms} ms (goal ≤ ${GOALS.p99Ms} ms) ${verdict(met.p99)}`);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAverage: os.loadavg(),
  connections: CONNECTIONS,
  rounds: ROUNDS,
  secondsPerRound: SECONDS,
  servers: summary,
  ratios,
  cpuRatios,
  goals: GOALS,
  met,
};
await writeFile(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${join('bench', 'results.json')}`);

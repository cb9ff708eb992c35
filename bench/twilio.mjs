#!/usr/bin/env node
// `node bench/twilio.mjs`: what an app pays in the client to open a chat on Twilio Conversations.
// A user in CHANNELS group channels (3 messages each) connects and lists them, with unread counts
// and last messages: once with the real @twilio/conversations SDK through `twilioConversations()`
// against the local server's Twilio emulator, once with `localBackend()` against the same server
// and data. The server runs in a child process (its CPU is not the client's); rounds alternate the
// order. Reported: wall time from `connect` to the listed channels, and the client's CPU time.
// Information only, no goal: the emulator answers like Twilio but from the same machine, so the
// figure is the SDK's and the adapter's cost, not Twilio's network latency.
// Knobs: BENCH_ROUNDS (5), BENCH_TWILIO_CHANNELS (100).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import WebSocket from 'ws';
import { benchDir } from './lib/build.mjs';
import { writeResults } from './lib/results.mjs';
import { envInt, machine, median, round } from './lib/stats.mjs';

const ROUNDS = envInt('BENCH_ROUNDS', 5);
const CHANNELS = envInt('BENCH_TWILIO_CHANNELS', 100);
const root = join(benchDir, '..');
const IDENTITY = 'bench-user';

/** Builds @chat/local-server (and what it imports) when its dist is missing or older than its sources. */
function buildServerIfStale() {
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      if (entry.name === '__tests__') return max;
      const path = join(dir, entry.name);
      return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  const stale = ['protocol', 'server', 'local-server'].some((pkg) => {
    const dist = join(root, 'packages', pkg, 'dist', 'index.js');
    return !existsSync(dist) || newest(join(root, 'packages', pkg, 'src')) > statSync(dist).mtimeMs;
  });
  if (!stale) return;
  const child = spawnSync(
    process.execPath,
    [join(root, 'scripts/pnpm.mjs'), '--filter', '@chat/local-server...', 'run', 'build'],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (child.status !== 0) throw new Error('building @chat/local-server failed; see above');
}

/** The server in a child process: resolves its URL, Twilio client options and a stop(). */
function startServer() {
  const code = `
    const { createLocalServer } = await import('@chat/local-server');
    const { devKeys } = await import('@chat/server');
    const server = await createLocalServer({
      port: 0, dbPath: ':memory:', keys: devKeys, logger: { info() {}, error: console.error },
      quotas: false, rateLimit: false, uploadLimits: false, twilio: { subscriptionDeliveryMs: 200 },
    });
    console.log(JSON.stringify({ url: server.url, twilio: server.twilioClientOptions }));
    process.on('SIGTERM', () => server.close().then(() => process.exit(0)));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: benchDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (status) => reject(new Error(`the server exited (${status})`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      const { url, twilio } = JSON.parse(line);
      resolve({
        url,
        twilio,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** One connect + list: wall time and this process's CPU time, and how many channels came back. */
async function connectAndList(backend, token) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await backend.connect(token, () => {});
  const channels = await backend.listChannels();
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  await backend.shutdown();
  if (channels.length !== CHANNELS || channels.some((c) => c.unreadCount !== 3)) {
    throw new Error(
      `${backend.kind}: listed ${channels.length} channels, expected ${CHANNELS} with 3 unread each`,
    );
  }
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

const outdir = mkdtempSync(join(tmpdir(), 'chat-bench-twilio-'));
buildServerIfStale();
const { createAccessToken, devKeys } = await import('@chat/server');
const token = (identity) => createAccessToken(devKeys, identity, { ttlSeconds: 3600 });
const outfile = join(outdir, 'scenario.cjs');
// CommonJS: the SDK and its dependencies are CommonJS (ws's optional native addons stay out).
await build({
  entryPoints: [join(benchDir, 'scenario/twilioScenario.mjs')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  conditions: ['@chat/source'],
  define: { 'process.env.NODE_ENV': '"production"' },
  external: ['bufferutil', 'utf-8-validate'],
  logLevel: 'error',
});
const { localBackend, twilioConversations } = (await import(pathToFileURL(outfile).href)).default;
const server = await startServer();
try {
  // The data: CHANNELS groups of another user, with the bench user added and 3 messages each.
  const owner = localBackend({ url: server.url, WebSocket });
  await owner.connect(token('bench-owner'), () => {});
  for (let i = 0; i < CHANNELS; i++) {
    const name = `room-${String(i).padStart(4, '0')}`;
    await owner.createChannel({
      name,
      type: 'group',
      friendlyName: name,
      description: '',
      members: [IDENTITY],
    });
    for (let m = 0; m < 3; m++)
      await owner.sendMessage(name, { clientId: `${name}-${m}`, body: `message ${m}`, file: null });
  }
  await owner.shutdown();

  const variants = {
    twilio: () => twilioConversations({ clientOptions: server.twilio }),
    local: () => localBackend({ url: server.url, WebSocket }),
  };
  // One warm-up each (JIT, the SDK's module setup), not counted.
  for (const make of Object.values(variants)) await connectAndList(make(), token(IDENTITY));
  const runs = { twilio: [], local: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? ['local', 'twilio'] : ['twilio', 'local'];
    for (const id of order) {
      const run = await connectAndList(variants[id](), token(IDENTITY));
      runs[id].push(run);
      console.error(
        `round ${r + 1}/${ROUNDS} ${id.padEnd(6)} ${run.wallMs.toFixed(0)} ms, client CPU ${run.cpuMs.toFixed(0)} ms`,
      );
    }
  }
  const summary = Object.fromEntries(
    Object.entries(runs).map(([id, list]) => [
      id,
      {
        wallMs: round(median(list.map((r) => r.wallMs)), 1),
        cpuMs: round(median(list.map((r) => r.cpuMs)), 1),
      },
    ]),
  );
  const file = writeResults('twilio', {
    date: new Date().toISOString(),
    machine: machine(),
    rounds: ROUNDS,
    config: { channels: CHANNELS, messagesPerChannel: 3, sdk: '@twilio/conversations' },
    runs,
    summary,
    ratios: {
      wall: round(summary.twilio.wallMs / summary.local.wallMs, 1),
      cpu: round(summary.twilio.cpuMs / summary.local.cpuMs, 1),
    },
  });
  console.log(
    `connect + list ${CHANNELS} conversations: real SDK on the emulator ${summary.twilio.wallMs} ms (client CPU ${summary.twilio.cpuMs} ms), local backend ${summary.local.wallMs} ms (${summary.local.cpuMs} ms) -> ${file}`,
  );
} finally {
  await server.stop();
  rmSync(outdir, { recursive: true, force: true });
}

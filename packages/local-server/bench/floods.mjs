// What one user's floods do to another user: each flood of issue 12 runs against a real server
// (its own process, default limits, a SQLite file) while a legitimate user, from another address,
// pings every 20 ms, checks /healthz and opens a fresh connection every second.
// Run after building (pnpm --filter @chat/local-server build): node bench/floods.mjs [DIST_DIR]
// DIST_DIR defaults to ./dist; point it at another build to compare. FLOOD_SECONDS (12) per flood;
// FLOODS=sends,uploads runs a subset; FLOOD_DEBUG=1 shows the attacker's first response per status.
// Prints one table; nothing is written.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createAccessToken, devKeys } from '@chat/server';
import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const distDir = resolve(process.argv[2] ?? join(here, '../dist'));
const SECONDS = Number(process.env.FLOOD_SECONDS ?? 12);
const ALL = ['sockets', 'sends', 'uploadTrickle', 'headerTrickle', 'uploads'];
const FLOODS = process.env.FLOODS ? process.env.FLOODS.split(',') : ALL;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const dataDir = mkdtempSync(join(tmpdir(), 'local-server-floods-'));

function child(script, args) {
  const proc = fork(join(here, script), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message, key) =>
    new Promise((done) => {
      const on = (reply) => {
        if (reply[key] === undefined) return;
        proc.off('message', on);
        done(reply[key]);
      };
      proc.on('message', on);
      if (message) proc.send(message);
    });
  return { proc, ask };
}

/** A legitimate user on 127.0.0.1: a WebSocket with `hello` done, or null when refused. */
async function signIn(url, identity) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, {
    localAddress: '127.0.0.1',
    perMessageDeflate: false,
  });
  ws.on('error', () => {});
  const opened = await new Promise((done) => {
    ws.once('open', () => done(true));
    ws.once('error', () => done(false));
    setTimeout(() => done(false), 5000);
  });
  if (!opened) return null;
  const token = createAccessToken(devKeys, identity, { ttlSeconds: 3600 });
  ws.send(JSON.stringify({ id: 1, op: 'hello', token }));
  const ok = await new Promise((done) => {
    ws.once('message', (data) => done(JSON.parse(data.toString()).ok === true));
    ws.once('close', () => done(false));
    setTimeout(() => done(false), 5000);
  });
  if (!ok) ws.terminate();
  return ok ? ws : null;
}

function healthz(url) {
  return new Promise((done) => {
    const req = get(`${url}/healthz`, { agent: false, localAddress: '127.0.0.1', timeout: 5000 }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}

/** Pings every 20 ms for `ms`; latencies of answered pings, and how many were never answered. */
async function pingFor(ws, ms) {
  const sent = new Map();
  const latencies = [];
  let id = 100;
  const onMessage = (data) => {
    const frame = JSON.parse(data.toString());
    const at = sent.get(frame.id);
    if (at === undefined) return;
    sent.delete(frame.id);
    latencies.push(performance.now() - at);
  };
  ws.on('message', onMessage);
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (ws.readyState === WebSocket.OPEN) {
      sent.set(++id, performance.now());
      ws.send(JSON.stringify({ id, op: 'ping' }));
    }
    await sleep(20);
  }
  await sleep(1000);
  ws.off('message', onMessage);
  // A ping still unanswered a second after the phase counts with the time it has waited.
  for (const at of sent.values()) latencies.push(performance.now() - at);
  return { latencies: latencies.sort((a, b) => a - b), lost: sent.size };
}

/** Every second: /healthz and a fresh sign-in, as a user arriving during the flood. */
async function arrivalsFor(url, ms) {
  const tally = { healthzOk: 0, healthzFailed: 0, connectOk: 0, connectFailed: 0 };
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const [health, ws] = await Promise.all([healthz(url), signIn(url, `arrival-${Math.random()}`)]);
    tally[health ? 'healthzOk' : 'healthzFailed']++;
    tally[ws ? 'connectOk' : 'connectFailed']++;
    ws?.terminate();
    await sleep(1000);
  }
  return tally;
}

const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
const ms = (value) => (Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(1) : Math.round(value));

async function phase(server, url, kind) {
  const victim = await signIn(url, 'victim');
  if (!victim) throw new Error('the victim could not sign in before the flood');
  const samples = [];
  const before = await server.ask('stats', 'stats');
  server.proc.send('reset');
  const sampler = setInterval(async () => samples.push(await server.ask('stats', 'stats')), 500);
  const attacker = kind === 'none' ? null : child('floodAttacker.mjs', [kind, url]);
  const [pings, arrivals] = await Promise.all([
    pingFor(victim, SECONDS * 1000),
    arrivalsFor(url, SECONDS * 1000),
  ]);
  const outcome = attacker ? await attacker.ask('stop', 'outcome') : {};
  clearInterval(sampler);
  const during = await server.ask('stats', 'stats');
  victim.terminate();
  await sleep(2000);
  const after = await server.ask('stats', 'stats');
  const max = (key) => Math.max(...samples.map((s) => s[key]));
  return {
    flood: kind,
    'ping p50': ms(pct(pings.latencies, 0.5)),
    'ping p99': ms(pct(pings.latencies, 0.99)),
    'ping max': ms(pings.latencies.at(-1) ?? NaN),
    'pings lost': pings.lost,
    // The server's own: event-loop delay p99/max and CPU time during the flood.
    'loop p99/max': `${ms(during.loopP99Ms)}/${ms(during.loopMaxMs)}`,
    'cpu ms': Math.round(during.cpuMs - before.cpuMs),
    healthz: `${arrivals.healthzOk}/${arrivals.healthzOk + arrivals.healthzFailed}`,
    connects: `${arrivals.connectOk}/${arrivals.connectOk + arrivals.connectFailed}`,
    'fds max': max('fds'),
    'fds after': after.fds,
    'rss max MiB': Math.round(max('rssMiB')),
    'db MiB after': Math.round(after.dbMiB * 10) / 10,
    attacker: JSON.stringify(outcome),
  };
}

console.log(
  `dist: ${distDir}; ${SECONDS} s per flood; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const rows = [];
for (const kind of ['none', ...FLOODS]) {
  // A fresh server per flood, so that one flood's leftovers do not weigh on the next.
  const server = child('floodServer.mjs', [distDir, join(dataDir, `${kind}.db`)]);
  const { url } = await server.ask(null, 'url').then((u) => ({ url: u }));
  rows.push(await phase(server, url, kind));
  console.log(JSON.stringify(rows.at(-1)));
  server.proc.send('close');
  await new Promise((done) => server.proc.once('exit', done));
}
console.table(rows.map(({ attacker, ...row }) => row));
for (const row of rows) console.log(`${row.flood}: ${row.attacker}`);
console.log(
  `load average at the end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
rmSync(dataDir, { recursive: true, force: true });

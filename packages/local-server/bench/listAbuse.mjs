// Measures the two figures of issue 12's listing findings on the real server (built dist/, run in
// a child process): the largest single listChannels answer frame a victim receives after another
// user adds them to many heavy groups, and connect + hello + list 500 channels.
// Run: pnpm --filter @chat/local-server build && node packages/local-server/bench/listAbuse.mjs
// Knobs: ABUSE_GROUPS (200), ABUSE_QUOTAS ('off' | 'default'; 'off' shows what paging alone does).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createAccessToken, devKeys } from '@chat/server';
import WebSocket from 'ws';
import { listChannelsBench } from './listChannels.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const groups = Number(process.env.ABUSE_GROUPS ?? 200);
const quotas = process.env.ABUSE_QUOTAS ?? 'off';
const dataDir = mkdtempSync(join(tmpdir(), 'local-server-abuse-'));

async function startChild(dbPath) {
  const child = fork(join(here, 'serverChild.mjs'), ['local', dbPath, quotas], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => child.once('exit', resolve) && child.send('close')) };
}

/** A client that keeps every reply's raw frame size (the figure a `ws` client's maxPayload checks). */
async function rawClient(url, identity) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const pending = new Map();
  let nextId = 1;
  // A server that cuts the socket (a frame over 100 MiB, a backlog over 16 MiB) answers nothing more.
  let closed = null;
  ws.on('close', (code) => {
    closed = `connection closed (${code})`;
    for (const settle of pending.values())
      settle({ reply: { ok: false, error: { code: closed } }, bytes: 0 });
    pending.clear();
  });
  ws.on('message', (data) => {
    const reply = JSON.parse(data.toString());
    if (reply.id === undefined) return;
    pending.get(reply.id)?.({ reply, bytes: data.length });
    pending.delete(reply.id);
  });
  const request = (op, params = {}) => {
    const id = nextId++;
    if (closed) return Promise.resolve({ reply: { ok: false, error: { code: closed } }, bytes: 0 });
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, op, ...params }));
    });
  };
  await request('hello', { token: createAccessToken(devKeys, identity, { ttlSeconds: 3600 }) });
  return { request, close: () => ws.terminate() };
}

/** Pages through `op` as @chat/react's local backend does; a server without paging answers once. */
async function listAll(client, op) {
  const frames = [];
  let channels = 0;
  let after;
  for (;;) {
    const { reply, bytes } = await client.request(
      op,
      after === undefined ? { limit: 200 } : { after, limit: 200 },
    );
    if (!reply.ok) throw new Error(`${op}: ${reply.error.code} ${reply.error.message}`);
    frames.push(bytes);
    channels += reply.result.channels.length;
    if (typeof reply.result.next !== 'string') return { frames, channels };
    after = reply.result.next;
  }
}

const server = await startChild(join(dataDir, 'abuse.db'));
try {
  const attacker = await rawClient(server.url, 'mallory');
  const description = 'd'.repeat(4096);
  const attributes = { pad: 'a'.repeat(16 * 1024 - 20) };
  const body = 'm'.repeat(32 * 1024);
  const refusals = new Map();
  let created = 0;
  for (let i = 0; i < groups; i++) {
    const name = `heavy-${String(i).padStart(5, '0')}`;
    const { reply } = await attacker.request('createChannel', {
      name,
      type: 'group',
      description,
      attributes,
      members: ['victim'],
    });
    if (!reply.ok) {
      refusals.set(reply.error.code, (refusals.get(reply.error.code) ?? 0) + 1);
      continue;
    }
    created += 1;
    await attacker.request('sendMessage', { channel: name, clientId: `c${i}`, body });
  }
  attacker.close();

  const victim = await rawClient(server.url, 'victim');
  const start = performance.now();
  const listed = await listAll(victim, 'listChannels');
  const listMs = performance.now() - start;
  victim.close();

  const bystander = await rawClient(server.url, 'bystander');
  const publicStart = performance.now();
  const publicListed = await listAll(bystander, 'listPublicChannels');
  const publicMs = performance.now() - publicStart;
  // The stall of the finding: ten 40-byte requests at once hold the event loop for every user.
  const observer = await rawClient(server.url, 'observer');
  const tenStart = performance.now();
  const tenPending = Promise.all(Array.from({ length: 10 }, () => bystander.request('listPublicChannels')));
  // Someone else's ping sent meanwhile: how long every other user waits.
  await observer.request('ping');
  const otherUserPingMs = performance.now() - tenStart;
  observer.close();
  const ten = await tenPending;
  const tenPublicRequestsMs = performance.now() - tenStart;
  const tenRefused = ten.filter(({ reply }) => !reply.ok).map(({ reply }) => reply.error.code);
  bystander.close();

  // Its setup creates 500 channels at once, which the default quotas rightly refuse.
  const list500 =
    quotas === 'off'
      ? await listChannelsBench(server.url, { channels: 500, messagesPerChannel: 3, iterations: 20 })
      : null;
  console.log(
    JSON.stringify(
      {
        quotas,
        attack: {
          groupsAttempted: groups,
          groupsCreated: created,
          refusals: Object.fromEntries(refusals),
          victimChannels: listed.channels,
          victimPages: listed.frames.length,
          victimLargestFrameBytes: Math.max(...listed.frames),
          victimTotalBytes: listed.frames.reduce((a, b) => a + b, 0),
          victimListMs: Math.round(listMs),
          publicLargestFrameBytes: Math.max(...publicListed.frames),
          publicListMs: Math.round(publicMs),
          tenPublicRequestsMs: Math.round(tenPublicRequestsMs),
          otherUserPingMs: Math.round(otherUserPingMs),
          tenPublicRequestsFailed: tenRefused,
        },
        connectList500: list500 && {
          replyBytes: list500.replyBytes,
          medianMs: Number(list500.median.toFixed(1)),
          p95Ms: Number(list500.p95.toFixed(1)),
        },
        loadAverage: loadavg()[0],
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

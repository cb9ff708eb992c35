// Load generator in its own process (so that it neither shares the server's event loop nor the heap
// of the store under test): N raw WebSocket clients speaking the local server's protocol (see
// packages/local-server/README.md). Driven over IPC by loadTest (LoadGenerator.ts):
//   { cmd: 'setup', url, users, channels, observer, observed } -> { ready: { memberships } }
//   { cmd: 'run', rate, seconds, warmupSeconds } -> { warm: true } after the warm-up, then { result }
//   { cmd: 'close' } -> exits
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createAccessToken, devKeys } from '@chat/server';
import WebSocket from 'ws';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const errors = [];
const noteError = (what) => {
  if (errors.length < 20) errors.push(what);
  errors.count = (errors.count ?? 0) + 1;
};

/** One raw client: request/reply by id, events to a handler. */
function connect(url, identity, onEvent) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
    const pending = new Map();
    let nextId = 1;
    const client = {
      identity,
      closedOnPurpose: false,
      request(op, params = {}) {
        const id = nextId++;
        ws.send(JSON.stringify({ id, op, ...params }));
        return new Promise((res, rej) => pending.set(id, { res, rej, op }));
      },
      close() {
        client.closedOnPurpose = true;
        ws.close();
      },
    };
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.event) return onEvent(client, frame);
      const waiter = pending.get(frame.id);
      if (!waiter) return noteError(`reply to unknown id ${frame.id}`);
      pending.delete(frame.id);
      if (frame.ok) waiter.res(frame.result);
      else waiter.rej(new Error(`${waiter.op}: ${frame.error.code} ${frame.error.message}`));
    });
    ws.on('close', (code) => {
      if (!client.closedOnPurpose) noteError(`${identity}: socket closed with ${code}`);
      for (const waiter of pending.values()) waiter.rej(new Error(`${waiter.op}: socket closed`));
    });
    ws.on('error', reject);
    ws.on('open', async () => {
      try {
        await client.request('hello', { token: createAccessToken(devKeys, identity, { ttlSeconds: 3600 }) });
        resolve(client);
      } catch (error) {
        reject(error);
      }
    });
  });
}

let clients = [];
let memberships = new Map(); // identity -> channel names
const membersOf = new Map(); // channel -> member count
const lastIndex = new Map(); // `${identity}\n${channel}` -> last index received
const sentAt = new Map(); // clientId -> send time (ms, performance clock)
const deliveries = new Map(); // clientId -> deliveries so far
let latencies = [];
let duplicates = 0;
let gaps = 0;
let delivered = 0;

function onEvent(client, frame) {
  if (frame.event !== 'messageAdded') return;
  const { message } = frame;
  const key = `${client.identity}\n${message.channel}`;
  const last = lastIndex.get(key) ?? -1;
  if (message.index <= last) duplicates++;
  else if (message.index !== last + 1) gaps++;
  lastIndex.set(key, Math.max(last, message.index));
  const start = sentAt.get(message.clientId);
  if (start === undefined) return; // not ours (the store under test sends nothing; setup messages)
  delivered++;
  deliveries.set(message.clientId, (deliveries.get(message.clientId) ?? 0) + 1);
  latencies.push(performance.now() - start);
}

async function setup({ url, users, channels, observer, observed }) {
  const names = Array.from({ length: channels }, (_, i) => `load-${i}`);
  const identities = Array.from({ length: users }, (_, i) => `u${String(i).padStart(3, '0')}`);
  memberships = new Map(
    identities.map((identity, i) => [
      identity,
      [...new Set([i % channels, (i * 7 + 3) % channels, (i * 13 + 11) % channels])].map((c) => names[c]),
    ]),
  );
  for (let i = 0; i < identities.length; i += 20) {
    clients.push(...(await Promise.all(identities.slice(i, i + 20).map((id) => connect(url, id, onEvent)))));
  }
  const creators = new Map();
  for (const client of clients) {
    for (const name of memberships.get(client.identity)) {
      if (creators.has(name)) await client.request('joinChannel', { name });
      else {
        creators.set(name, client);
        await client.request('createChannel', { name, type: 'group' });
      }
      membersOf.set(name, (membersOf.get(name) ?? 0) + 1);
    }
  }
  // The headless store under test is added to the first `observed` channels by their creator, as a
  // user invited into channels is: they appear in its list, and it never opens them.
  for (const name of names.slice(0, observed ?? 0)) {
    await creators.get(name).request('addMember', { name, identity: observer });
  }
  return { memberships: [...membersOf.values()].reduce((a, b) => a + b, 0), channels: creators.size };
}

async function run({ rate, seconds, warmupSeconds }) {
  const tickMs = 20;
  let sent = 0;
  let acked = 0;
  let budget = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  let warmSent = false;
  const inFlight = new Set();
  while (performance.now() < end) {
    const tickStart = performance.now();
    if (!warmSent && tickStart - started >= warmupSeconds * 1000) {
      warmSent = true;
      process.send({ warm: { sent, acked, delivered } });
    }
    // Steady rate: send what the elapsed time allows, so slow ticks do not lower the rate.
    budget = (rate * (tickStart - started)) / 1000 - sent;
    for (; budget >= 1; budget--) {
      const client = clients[Math.floor(Math.random() * clients.length)];
      const own = memberships.get(client.identity);
      const channel = own[Math.floor(Math.random() * own.length)];
      const clientId = randomUUID();
      sentAt.set(clientId, performance.now());
      sent++;
      const request = client
        .request('sendMessage', { channel, clientId, body: `load ${sent} ${clientId}` })
        .then(
          () => acked++,
          (error) => noteError(String(error)),
        )
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
      expected.set(clientId, membersOf.get(channel));
      expectedSum += membersOf.get(channel);
    }
    await sleep(Math.max(0, tickMs - (performance.now() - tickStart)));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  // Drain: wait (bounded) until every member received every message of its channels.
  const drainDeadline = performance.now() + 20_000;
  while (performance.now() < drainDeadline && delivered < expectedTotal()) await sleep(50);
  let lost = 0;
  for (const [clientId, want] of expected) lost += Math.max(0, want - (deliveries.get(clientId) ?? 0));
  latencies.sort((a, b) => a - b);
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    sent,
    acked,
    sendSeconds,
    throughputPerSecond: acked / sendSeconds,
    expectedDeliveries: expectedTotal(),
    deliveries: delivered,
    deliveriesPerSecond: delivered / sendSeconds,
    lostDeliveries: lost,
    duplicateDeliveries: duplicates,
    gaps,
    latencyMs: { p50: pick(0.5), p95: pick(0.95), p99: pick(0.99), max: latencies.at(-1) ?? 0 },
    errors: errors.count ?? 0,
    errorSamples: errors,
  };
}

const expected = new Map(); // clientId -> members to deliver to
let expectedSum = 0;
const expectedTotal = () => expectedSum;

process.on('message', async (message) => {
  try {
    if (message.cmd === 'setup') process.send({ ready: await setup(message) });
    if (message.cmd === 'run') process.send({ result: await run(message) });
    if (message.cmd === 'close') {
      for (const client of clients) client.close();
      clients = [];
      latencies = [];
      await sleep(100);
      process.exit(0);
    }
  } catch (error) {
    process.send({ failed: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));

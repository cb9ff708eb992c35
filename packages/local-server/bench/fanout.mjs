import { performance } from 'node:perf_hooks';
import { createAccessToken, devKeys } from '@chat/server';
import { BenchClient } from './benchClient.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects `count` clients; for the local server each says hello and joins the channel. */
export async function connectRoom(kind, url, count) {
  const clients = await Promise.all(Array.from({ length: count }, () => BenchClient.connect(url)));
  if (kind === 'local') {
    await Promise.all(
      clients.map((client, i) =>
        client.request('hello', { token: createAccessToken(devKeys, `user${i}`, { ttlSeconds: 3600 }) }),
      ),
    );
    await clients[0].request('createChannel', { name: 'bench', type: 'group' });
    await Promise.all(clients.slice(1).map((client) => client.request('joinChannel', { name: 'bench' })));
  }
  return clients;
}

async function drained(clients, expected, timeoutMs = 20_000) {
  const deadline = performance.now() + timeoutMs;
  while (clients.some((client) => client.received < expected)) {
    if (performance.now() > deadline) return false;
    await sleep(2);
  }
  return true;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Paced phase: `rate` messages/s for `seconds`, sent by client 0, measured at every client
 * (send time → receive time, one clock since senders and receivers share this process).
 */
export async function pacedPhase(clients, { rate, seconds, tag }) {
  const total = rate * seconds;
  const sink = { samples: new Float64Array(total * clients.length), count: 0 };
  for (const client of clients) {
    client.received = 0;
    client.sink = sink;
  }
  const [sender] = clients;
  sender.onAck = () => {};
  const start = performance.now();
  let sent = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
      while (sent < due) sender.sendMessage('bench', `${tag}-${sent}`, sent++);
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const complete = await drained(clients, total);
  const elapsed = (performance.now() - start) / 1000;
  for (const client of clients) client.sink = null;
  const sorted = sink.samples.subarray(0, sink.count).sort();
  const delivered = clients.reduce((sum, client) => sum + client.received, 0);
  return {
    sent: total,
    complete,
    deliveredPerSecond: delivered / elapsed,
    deliveredPerClientPerSecond: delivered / clients.length / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
  };
}

/**
 * Full speed: client 0 sends `count` messages keeping `window` unacknowledged at most; the time
 * runs until every client has received every message.
 */
export async function maxPhase(clients, { count, window, tag }) {
  for (const client of clients) {
    client.received = 0;
    client.sink = null;
  }
  const [sender] = clients;
  let sent = 0;
  let inflight = 0;
  const pump = () => {
    while (inflight < window && sent < count) {
      sender.sendMessage('bench', `${tag}-${sent}`, sent++);
      inflight++;
    }
  };
  sender.onAck = () => {
    inflight--;
    pump();
  };
  const start = performance.now();
  pump();
  const complete = await drained(clients, count, 60_000);
  const seconds = (performance.now() - start) / 1000;
  return {
    count,
    complete,
    messagesPerSecond: count / seconds,
    deliveriesPerSecond: (count * clients.length) / seconds,
  };
}

// One attacker, in its own process, running one flood against the server until told to stop.
// Its sockets come from 127.0.0.2 (the victim's from 127.0.0.1): two machines, as on a network.
// Usage (by floods.mjs): node floodAttacker.mjs KIND URL. IPC in: 'stop'. IPC out: { outcome }.
import { request } from 'node:http';
import { connect } from 'node:net';
import { createAccessToken, devKeys } from '@chat/server';
import WebSocket from 'ws';

const SOURCE = '127.0.0.2';
const [kind, url] = process.argv.slice(2);
const { port } = new URL(url);
const token = createAccessToken(devKeys, 'mallory', { ttlSeconds: 3600 });
const sockets = new Set();
const outcome = {};
const count = (key, n = 1) => {
  outcome[key] = (outcome[key] ?? 0) + n;
};

function openWs() {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, {
      localAddress: SOURCE,
      perMessageDeflate: false,
    });
    sockets.add(ws);
    const replies = new Map();
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.id !== undefined) replies.get(frame.id)?.(frame);
      ws.onReply?.(frame);
    });
    ws.on('error', () => {});
    ws.on('close', (code) => {
      if (!ws.stopping) count(`closed by server (${code})`);
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', () => resolve(null));
    ws.call = (id, op, params = {}) =>
      new Promise((settle) => {
        replies.set(id, settle);
        ws.send(JSON.stringify({ id, op, ...params }));
        ws.once('close', () => settle({ ok: false, error: { code: 'closed' } }));
      });
  });
}

async function signedIn() {
  const ws = await openWs();
  if (!ws) return count('connect failed');
  const reply = await ws.call(1, 'hello', { token });
  if (reply.ok) return ws;
  count(`hello refused (${reply.error.code})`);
  return null;
}

async function inBatches(total, size, open) {
  for (let i = 0; i < total; i += size)
    await Promise.all(Array.from({ length: Math.min(size, total - i) }, open));
}

/** A raw TCP client that writes `head`, then `drip()` every second; counts how the server ended it. */
function trickle(head, drip) {
  const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: SOURCE });
  sockets.add(socket);
  const started = Date.now();
  let answered = false;
  // The drip starts once the head is out: queued before it, a byte would make the request garbage.
  let timer;
  socket.on('connect', () => {
    socket.write(head);
    timer = setInterval(() => socket.writable && socket.write(drip()), 1000);
  });
  socket.on('data', (chunk) => {
    if (answered) return;
    answered = true;
    const status = chunk.toString('latin1', 9, 12);
    count(`answered ${status}`);
    // FLOOD_DEBUG=1 keeps the first response of each status, to see what the server said.
    if (process.env.FLOOD_DEBUG) outcome[`first ${status}`] ??= chunk.toString('latin1', 0, 400);
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    if (socket.stopping) return;
    count('closed by server');
    outcome.closedAfterMsMax = Math.max(outcome.closedAfterMsMax ?? 0, Date.now() - started);
  });
  socket.on('close', () => clearInterval(timer));
}

const floods = {
  // 600 authenticated sockets of one identity and 600 that never say hello.
  async sockets() {
    await inBatches(600, 50, async () => (await signedIn()) && count('signed in'));
    await inBatches(600, 50, async () =>
      (await openWs()) ? count('open without hello') : count('connect failed'),
    );
  },
  // 25 sockets of one identity, each pipelining 400 sends.
  async sends() {
    const first = await signedIn();
    const channel = `spam-${Date.now()}`;
    await first?.call(2, 'createChannel', { name: channel, type: 'group' });
    const all = [first];
    await inBatches(24, 24, async () => all.push(await signedIn()));
    await Promise.all(
      all.filter(Boolean).map(
        (ws, s) =>
          new Promise((resolve) => {
            let left = 400;
            ws.onReply = (frame) => {
              if (frame.id === undefined || frame.id < 10) return;
              count(frame.ok ? 'sends stored' : `sends refused (${frame.error.code})`);
              if (--left === 0) resolve();
            };
            ws.once('close', resolve);
            for (let i = 0; i < 400; i++) {
              ws.send(
                JSON.stringify({
                  id: 10 + i,
                  op: 'sendMessage',
                  channel,
                  clientId: `${s}-${i}`,
                  body: `spam ${i}`,
                }),
              );
            }
          }),
      ),
    );
  },
  // Unauthenticated uploads declaring 100 MB, trickling a byte a second after the 401.
  async uploadTrickle() {
    const head =
      'POST /media?channel=x&filename=a.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      'Content-Type: application/octet-stream\r\nContent-Length: 100000000\r\n\r\n';
    await inBatches(1100, 100, async () => {
      trickle(head, () => 'x');
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
  },
  // Request heads sent a header line a second, never finished.
  async headerTrickle() {
    let n = 0;
    await inBatches(1100, 100, async () => {
      trickle('POST /media HTTP/1.1\r\nHost: 127.0.0.1\r\n', () => `X-Pad-${n++}: x\r\n`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
  },
  // 30 parallel 10 MiB uploads by a member, never attached to a message.
  async uploads() {
    const ws = await signedIn();
    const channel = `files-${Date.now()}`;
    await ws?.call(2, 'createChannel', { name: channel, type: 'group' });
    const body = Buffer.alloc(10 * 1024 * 1024, 7);
    await Promise.all(
      Array.from(
        { length: 30 },
        () =>
          new Promise((resolve) => {
            const req = request(
              `${url}/media?channel=${channel}&filename=big.bin`,
              {
                method: 'POST',
                agent: false,
                localAddress: SOURCE,
                headers: {
                  Authorization: `Bearer ${token}`,
                  'Content-Type': 'application/octet-stream',
                  'Content-Length': body.length,
                },
              },
              (res) => {
                count(`status ${res.statusCode}`);
                res.resume();
                res.on('end', resolve);
              },
            );
            req.on('error', () => {
              count('request failed');
              resolve();
            });
            req.end(body);
          }),
      ),
    );
  },
};

process.on('message', (message) => {
  if (message !== 'stop') return;
  for (const socket of sockets) {
    socket.stopping = true;
    if (socket instanceof WebSocket) socket.terminate();
    else socket.destroy();
  }
  process.send({ outcome });
  setTimeout(() => process.exit(0), 100);
});
process.on('disconnect', () => process.exit(0));
floods[kind]().then(
  () => count('flood finished'),
  (error) => {
    outcome.error = String(error);
  },
);

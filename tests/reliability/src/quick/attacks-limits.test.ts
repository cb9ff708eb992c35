import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalServer } from '@chat/local-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attackBench } from '../attacks/attackBench.js';
import { rawRequest } from '../attacks/rawHttp.js';
import { requestHead, slowRequest } from '../attacks/slowRequest.js';
import { WsClient } from '../attacks/WsClient.js';

// Size and time limits: oversized token bodies, uploads and frames; slow-loris bodies against the
// token server (which has a body deadline) while others keep being served.
const bench = attackBench('limits');
let tokenServer: Server;
let tokenPort: number;
let local: LocalServer;

beforeAll(async () => {
  tokenServer = createServer(bench.tokenApp({ bodyTimeoutMs: 800 }).callback());
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  tokenPort = (tokenServer.address() as AddressInfo).port;
  local = await bench.startLocal({ mediaMaxBytes: 1024 });
});
afterAll(async () => {
  tokenServer.closeAllConnections();
  await new Promise((resolve) => tokenServer.close(resolve));
});

/** A JSON body for alice padded to exactly `size` bytes. */
function paddedBody(size: number): string {
  const bare = JSON.stringify({ identity: 'alice', pad: '' });
  return JSON.stringify({ identity: 'alice', pad: 'x'.repeat(size - bare.length) });
}

function postToken(body: string, chunked = false) {
  const headers = { 'Content-Type': 'application/json' };
  return rawRequest(tokenPort, { method: 'POST', path: '/token', headers, body, chunked });
}

describe('oversized requests', () => {
  test('token endpoint: 4096 bytes pass, one more is 413 (declared or chunked), a huge declared length is refused up front', async () => {
    const ok = await postToken(paddedBody(4096));
    expect(ok.status).toBe(200);
    bench.watch.secret(JSON.parse(ok.text).token);
    for (const chunked of [false, true]) {
      const res = await postToken(paddedBody(4097), chunked);
      expect(res.status).toBe(413);
      expect(res.text).not.toContain('"token"');
      bench.watch.record('token-server error body', res.text);
    }
    const head = requestHead('POST', '/token', { 'Content-Type': 'application/json', 'Content-Length': 1e9 });
    const huge = await slowRequest(tokenPort, head, Buffer.alloc(0), { intervalMs: 1000, giveUpMs: 10_000 });
    expect(huge.response).toMatch(/^HTTP\/1\.1 413/);
    bench.tally.count('limits: oversized token bodies', 3);
  });

  test('media: the limit passes, one byte more is 413 (declared or chunked), even before the body is sent', async () => {
    const token = bench.mint('alice');
    const alice = await WsClient.signIn(local.url, token);
    await alice.call('createChannel', { name: 'files', type: 'group' });
    const upload = (size: number, chunked = false) =>
      rawRequest(local.port, {
        method: 'POST',
        path: '/media?channel=files&filename=big.bin',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
        body: Buffer.alloc(size, 1),
        chunked,
      });
    expect((await upload(1024)).status).toBe(201);
    for (const chunked of [false, true]) {
      const res = await upload(1025, chunked);
      expect(res.status).toBe(413);
      expect(res.text).not.toContain('"media"');
    }
    const head = requestHead('POST', '/media?channel=files&filename=huge.bin', {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/octet-stream',
      'Content-Length': 10 * 1024 ** 3,
    });
    const huge = await slowRequest(local.port, head, Buffer.alloc(0), { intervalMs: 1000, giveUpMs: 10_000 });
    expect(huge.response).toMatch(/^HTTP\/1\.1 413/);
    bench.tally.count('limits: oversized uploads', 3);
  });

  test('frames: 64 KiB is read, one byte more closes 1009, before and after hello; others keep being served', async () => {
    const watcher = await WsClient.signIn(local.url, bench.mint('bob'));
    const frame = (size: number) => {
      const bare = JSON.stringify({ id: 7, op: 'ping', pad: '' });
      return JSON.stringify({ id: 7, op: 'ping', pad: 'x'.repeat(size - bare.length) });
    };
    for (const signedIn of [false, true]) {
      const client = signedIn
        ? await WsClient.signIn(local.url, bench.mint('mallory'))
        : await WsClient.connect(local.url);
      client.send(frame(64 * 1024));
      expect((await client.replyTo(7))?.error?.code ?? 'ok').toBe(signedIn ? 'ok' : 'not_connected');
      client.send(frame(64 * 1024 + 1));
      expect((await client.closed).code).toBe(1009);
    }
    const tooLong = await WsClient.signIn(local.url, bench.mint('mallory'));
    expect(await tooLong.errorOf('hello', { token: 'x'.repeat(16_385) })).toBe('invalid_argument');
    await tooLong.call('createChannel', { name: 'm', type: 'group' });
    const body = `${'é'.repeat(16 * 1024)}x`; // 32 KiB + 1 byte of UTF-8 in fewer characters
    expect(await tooLong.errorOf('sendMessage', { channel: 'm', clientId: 'big', body })).toBe(
      'invalid_argument',
    );
    expect(await watcher.call('ping')).toHaveProperty('now');
    bench.tally.count('limits: oversized frames and fields', 4);
  });
});

describe('floods', () => {
  test('a connection flooding frames is refused, then closed 4008; others keep being served', async () => {
    const strict = await bench.startLocal({
      rateLimit: { framesPerSecond: 1, burst: 10, closeAfterRefused: 20 },
    });
    const other = await WsClient.signIn(strict.url, bench.mint('bob'));
    const flooder = await WsClient.signIn(strict.url, bench.mint('mallory'));
    for (let i = 0; i < 200; i += 1) flooder.send(JSON.stringify({ id: i + 1, op: 'ping' }));
    expect((await flooder.closed).code).toBe(4008);
    expect(flooder.replies.some((reply) => reply.error?.code === 'rate_limited')).toBe(true);
    expect(await other.call('ping')).toHaveProperty('now');
    bench.tally.count('limits: frame flood', 200);
  });
});

describe('slow-loris bodies', () => {
  test('token server: a body trickling in is cut with 408 at the deadline while others get tokens', async () => {
    const body = Buffer.from(JSON.stringify({ identity: 'slowpoke' }));
    const head = requestHead('POST', '/token', {
      'Content-Type': 'application/json',
      'Content-Length': body.length,
    });
    const slow = Array.from({ length: 20 }, () =>
      slowRequest(tokenPort, head, body, { intervalMs: 150, giveUpMs: 10_000 }),
    );
    const meanwhile = await postToken(JSON.stringify({ identity: 'alice' }));
    expect(meanwhile.status).toBe(200);
    bench.watch.secret(JSON.parse(meanwhile.text).token);
    for (const result of await Promise.all(slow)) {
      expect(result.closedByServer).toBe(true);
      expect(result.response).toMatch(/^HTTP\/1\.1 408/);
      expect(result.bytesSent).toBeLessThan(body.length);
    }
    bench.tally.count('limits: slow-loris token bodies', 20);
  });

  test('media: slow uploads do not stop the server from serving others (no body deadline: see the faults project)', async () => {
    const token = bench.mint('carol');
    const carol = await WsClient.signIn(local.url, token);
    await carol.call('createChannel', { name: 'slow', type: 'group' });
    const body = Buffer.from('twelve bytes');
    const head = requestHead('POST', '/media?channel=slow&filename=s.txt', {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'text/plain',
      'Content-Length': body.length,
      Connection: 'close',
    });
    const slow = Array.from({ length: 10 }, () =>
      slowRequest(local.port, head, body, { intervalMs: 100, giveUpMs: 15_000 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await fetch(`${local.url}/healthz`)).status).toBe(200);
    expect(await carol.call('ping')).toHaveProperty('now');
    // Each trickled upload is still accepted once complete: nothing cut it short.
    for (const result of await Promise.all(slow)) expect(result.response).toMatch(/^HTTP\/1\.1 201/);
    bench.tally.count('limits: slow-loris uploads', 10);
  });
});

test('no secret or token shows up in any log or error body', () => {
  expect(bench.watch.leaks()).toEqual([]);
});

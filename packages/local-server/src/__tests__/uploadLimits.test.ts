import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireMedia } from '@chat/protocol';
import { afterAll, describe, expect, test } from 'vitest';
import type { LocalServer } from '../createLocalServer.js';
import type { LocalServerOptions } from '../options.js';
import { startServer, TestClient, tokenFor } from './helpers.js';
import { RawSocket, requestHead } from './RawSocket.js';

// Issue 12: 30 parallel 10 MiB uploads, never attached, took 2.3 s and grew the server from 88 to
// 416 MiB and the database to 341 MiB: no quota, no cap on uploads in progress, no expiry.

const dir = mkdtempSync(join(tmpdir(), 'local-server-upload-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function upload(server: LocalServer, who: string, body = Buffer.from('some bytes')) {
  return fetch(`${server.url}/media?channel=general&filename=f.txt`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokenFor(who)}`, 'Content-Type': 'text/plain' },
    body,
  });
}

/** An upload whose head is sent and whose body is not: it stays in progress until `finish()`. */
async function stalled(server: LocalServer, who: string) {
  const raw = new RawSocket(server.port);
  raw.write(
    requestHead('POST', '/media?channel=general&filename=s.txt', {
      Authorization: `Bearer ${tokenFor(who)}`,
      'Content-Type': 'text/plain',
      'Content-Length': 4,
    }),
  );
  await raw.connected;
  return {
    async finish(): Promise<string> {
      raw.write('done');
      await expect.poll(() => raw.received, { timeout: 5000 }).toMatch(/^HTTP\/1\.1 \d{3} /);
      return raw.received.slice(9, 12);
    },
  };
}

async function setup(options: Partial<LocalServerOptions>, members = ['alice', 'bob', 'carol']) {
  const server = await startServer(options);
  const owner = await TestClient.open(server, members[0]!);
  await owner.call('createChannel', { name: 'general', type: 'group', members: members.slice(1) });
  return { server, owner };
}

async function expectRefused(res: Response) {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await res.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
}

describe('upload quotas', () => {
  test('uploads in progress per identity: one more is 429 with Retry-After; others still upload', async () => {
    const { server } = await setup({ uploadLimits: { concurrentPerIdentity: 2 } });
    const first = await stalled(server, 'alice');
    await stalled(server, 'alice');
    await expect.poll(async () => (await upload(server, 'alice')).status, { timeout: 5000 }).toBe(429);
    await expectRefused(await upload(server, 'alice'));
    expect((await upload(server, 'bob')).status).toBe(201);
    expect(await first.finish()).toBe('201');
    expect((await upload(server, 'alice')).status).toBe(201);
  });

  test('uploads in progress in total: past the cap every identity waits', async () => {
    const { server } = await setup({ uploadLimits: { concurrent: 2 } });
    const alice = await stalled(server, 'alice');
    await stalled(server, 'bob');
    await expect.poll(async () => (await upload(server, 'carol')).status, { timeout: 5000 }).toBe(429);
    expect(await alice.finish()).toBe('201');
    expect((await upload(server, 'carol')).status).toBe(201);
  });

  test('uploads per window: the next one is 429 until the window is over', async () => {
    const { server } = await setup({ uploadLimits: { perWindow: 3, windowMs: 600_000 } });
    for (let i = 0; i < 3; i++) expect((await upload(server, 'alice')).status).toBe(201);
    const refused = await upload(server, 'alice');
    await expectRefused(refused);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
    expect((await upload(server, 'bob')).status).toBe(201);
  });

  test('bytes per window, declared lengths reserved up front: parallel uploads cannot overshoot', async () => {
    const { server } = await setup({ uploadLimits: { bytesPerWindow: 1000 } });
    const results = await Promise.all([1, 2, 3].map(() => upload(server, 'alice', Buffer.alloc(400, 1))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 429]);
    expect((await upload(server, 'alice', Buffer.alloc(300, 1))).status).toBe(429);
    expect((await upload(server, 'alice', Buffer.alloc(200, 1))).status).toBe(201);
  });

  test('uploadLimits: false lifts the quotas (benchmarks)', async () => {
    const { server } = await setup({ uploadLimits: false });
    const results = await Promise.all(Array.from({ length: 25 }, () => upload(server, 'alice')));
    expect(results.every((r) => r.status === 201)).toBe(true);
  });
});

describe('uploads never attached to a message', () => {
  async function attachedAndNot(options: Partial<LocalServerOptions>) {
    const { server, owner } = await setup(options);
    const sids: string[] = [];
    for (const name of ['kept', 'dropped']) {
      const res = await upload(server, 'alice', Buffer.from(name));
      sids.push(((await res.json()) as { media: WireMedia }).media.sid);
    }
    const [kept, dropped] = sids as [string, string];
    await owner.call('sendMessage', { channel: 'general', clientId: 'm', body: '', mediaSid: kept });
    const urls = await Promise.all(
      sids.map(async (sid) => (await owner.call<{ url: string }>('mediaUrl', { sid })).url),
    );
    return { server, owner, kept, dropped, urls: urls as [string, string] };
  }

  test('expire after unattachedMediaTtlMs: their URL then answers 404; attached ones stay', async () => {
    const { owner, dropped, urls } = await attachedAndNot({
      unattachedMediaTtlMs: 100,
      mediaUrlTtlMs: 60_000,
    });
    await expect.poll(async () => (await fetch(urls[1])).status, { timeout: 5000 }).toBe(404);
    const kept = await fetch(urls[0]);
    expect(kept.status).toBe(200);
    expect(await kept.text()).toBe('kept');
    expect(await owner.errorOf('mediaUrl', { sid: dropped })).toBe('channel_not_found');
    // Too late to attach it now.
    expect(
      await owner.errorOf('sendMessage', {
        channel: 'general',
        clientId: 'late',
        body: '',
        mediaSid: dropped,
      }),
    ).toBe('invalid_argument');
  });

  test('uploads left undecided when the server stopped expire after a restart', async () => {
    const dbPath = join(dir, 'restart.db');
    const first = await attachedAndNot({ dbPath, unattachedMediaTtlMs: 3_600_000, mediaUrlTtlMs: 60_000 });
    await first.server.close();
    const again = await startServer({ dbPath, unattachedMediaTtlMs: 100 });
    const owner = await TestClient.open(again, 'alice');
    await expect
      .poll(async () => owner.errorOf('mediaUrl', { sid: first.dropped }), { timeout: 5000 })
      .toBe('channel_not_found');
    expect(await owner.call('mediaUrl', { sid: first.kept })).toHaveProperty('url');
  });
});

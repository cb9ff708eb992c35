import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireMedia, WireMessage } from '@chat/protocol';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { LocalServer } from '../createLocalServer.js';
import { startServer, TestClient, tokenFor } from './helpers.js';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32, 1)]);
const dir = mkdtempSync(join(tmpdir(), 'local-server-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function upload(server: LocalServer, query: string, body: Buffer, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/media?${query}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokenFor('alice')}`, 'Content-Type': 'image/png', ...headers },
    body,
  });
}

async function setup(options = {}) {
  const dbPath = join(dir, `${Math.random().toString(36).slice(2)}.db`);
  const server = await startServer({ dbPath, ...options });
  const alice = await TestClient.open(server, 'alice');
  await alice.call('createChannel', { name: 'general', type: 'group' });
  await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
  const stored = () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM media').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  return { server, alice, stored };
}

describe('uploads and downloads', () => {
  test('a member uploads, attaches, and downloads through a signed URL', async () => {
    const { server, alice } = await setup();
    const bob = await TestClient.open(server, 'bob');
    const res = await upload(server, 'channel=alice%23bob&filename=cat.png', PNG);
    expect(res.status).toBe(201);
    const { media } = (await res.json()) as { media: WireMedia };
    expect(media).toEqual({
      sid: expect.stringMatching(/^ME[0-9a-f]{32}$/),
      filename: 'cat.png',
      contentType: 'image/png',
      size: PNG.length,
    });

    await alice.call('sendMessage', { channel: 'alice#bob', clientId: 'img', body: '', mediaSid: media.sid });
    const added = await bob.event('messageAdded');
    expect((added.message as WireMessage).media).toEqual(media);
    expect(
      await alice.errorOf('sendMessage', {
        channel: 'general',
        clientId: 'x',
        body: '',
        mediaSid: media.sid,
      }),
    ).toBe('invalid_argument');

    const { url } = await bob.call<{ url: string }>('mediaUrl', { sid: media.sid });
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toMatch(/^inline; .*filename\*=UTF-8''cat\.png$/);

    const forged = url.replace(/sig=([0-9a-f])/, (_, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect((await fetch(forged)).status).toBe(403);
    const otherSid = url.replace(media.sid, `ME${'0'.repeat(32)}`);
    expect((await fetch(otherSid)).status).toBe(403);
    expect((await fetch(`${server.url}/media/${media.sid}`)).status).toBe(403);
  });

  test('filenames are data, not paths; non-images download as attachments', async () => {
    const { server, alice } = await setup();
    const res = await upload(
      server,
      `channel=general&filename=${encodeURIComponent('../../etc/pass\u0000wd\u202e.txt')}`,
      Buffer.from('hi'),
      {
        'Content-Type': 'text/plain; charset=utf-8',
      },
    );
    const { media } = (await res.json()) as { media: WireMedia };
    expect(media).toMatchObject({ filename: 'passwd.txt', contentType: 'text/plain' });
    const unicode = await upload(
      server,
      `channel=general&filename=${encodeURIComponent('résumé "final".pdf')}`,
      Buffer.from('%PDF'),
      {
        'Content-Type': 'application/pdf',
      },
    );
    const pdf = ((await unicode.json()) as { media: WireMedia }).media;
    const { url } = await alice.call<{ url: string }>('mediaUrl', { sid: pdf.sid });
    const disposition = (await fetch(url)).headers.get('content-disposition');
    expect(disposition).toBe(
      `attachment; filename="r_sum_ _final_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf`,
    );
  });

  test('declared image types must match the bytes', async () => {
    const { server, stored } = await setup();
    expect((await upload(server, 'channel=general', GIF)).status).toBe(415);
    expect((await upload(server, 'channel=general', GIF, { 'Content-Type': 'image/gif' })).status).toBe(201);
    expect((await upload(server, 'channel=general', PNG, { 'Content-Type': 'image/webp' })).status).toBe(415);
    expect((await upload(server, 'channel=general', PNG, { 'Content-Type': 'not a type' })).status).toBe(415);
    expect(stored()).toBe(1);
  });

  test('over-limit uploads are refused with 413 before anything is stored', async () => {
    const { server, stored } = await setup({ mediaMaxBytes: 1024 });
    const big = Buffer.concat([PNG, Buffer.alloc(2048)]);
    const declared = await upload(server, 'channel=general', big);
    expect(declared.status).toBe(413);
    // Without Content-Length (chunked), the limit is enforced while streaming.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/media?channel=general`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokenFor('alice')}`, 'Content-Type': 'image/png' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(big.subarray(0, 1000));
      req.write(big.subarray(1000));
      req.end();
    });
    expect(status).toBe(413);
    expect((await upload(server, 'channel=general', PNG)).status).toBe(201);
    expect(stored()).toBe(1);
  });

  test('an upload body that trickles in is cut with 408 and nothing is stored', async () => {
    const { server, stored } = await setup({ uploadTimeoutMs: 100 });
    const outcome = await new Promise<{ status: number; connection: string | undefined }>(
      (resolve, reject) => {
        const req = request(`${server.url}/media?channel=general`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${tokenFor('alice')}`,
            'Content-Type': 'image/png',
            'Content-Length': 1000,
          },
        });
        req.on('response', (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
          req.destroy();
        });
        req.on('error', reject);
        req.write(PNG.subarray(0, 10)); // and then nothing more
      },
    );
    expect(outcome).toEqual({ status: 408, connection: 'close' });
    expect(stored()).toBe(0);
  });

  test('only members upload and get URLs; others cannot tell private channels exist', async () => {
    const { server, alice, stored } = await setup();
    const mallory = await TestClient.open(server, 'mallory');
    const as = (identity: string) => ({ Authorization: `Bearer ${tokenFor(identity)}` });
    const codeOf = async (res: Response) => [
      res.status,
      ((await res.json()) as { error: { code: string } }).error.code,
    ];
    expect(await codeOf(await upload(server, 'channel=alice%23bob', PNG, as('mallory')))).toEqual([
      404,
      'channel_not_found',
    ]);
    expect(await codeOf(await upload(server, 'channel=nope', PNG, as('mallory')))).toEqual([
      404,
      'channel_not_found',
    ]);
    expect(await codeOf(await upload(server, 'channel=general', PNG, as('mallory')))).toEqual([
      403,
      'not_member',
    ]);
    expect(
      await codeOf(await upload(server, 'channel=general', PNG, { Authorization: 'Bearer x.y.z' })),
    ).toEqual([401, 'token_invalid']);
    expect(await codeOf(await upload(server, 'channel=general', PNG, { Authorization: '' }))).toEqual([
      401,
      'token_invalid',
    ]);
    expect(stored()).toBe(0);

    const privateRes = await upload(server, 'channel=alice%23bob', PNG);
    const { media } = (await privateRes.json()) as { media: WireMedia };
    expect(await mallory.errorOf('mediaUrl', { sid: media.sid })).toBe('channel_not_found');
    expect(await mallory.errorOf('mediaUrl', { sid: `ME${'0'.repeat(32)}` })).toBe('channel_not_found');
    const groupRes = await upload(server, 'channel=general', PNG);
    const groupMedia = ((await groupRes.json()) as { media: WireMedia }).media;
    expect(await mallory.errorOf('mediaUrl', { sid: groupMedia.sid })).toBe('not_member');
    expect(await alice.call('mediaUrl', { sid: groupMedia.sid })).toMatchObject({
      url: expect.stringContaining(server.url),
    });
  });

  test('signed URLs expire', async () => {
    const { server, alice } = await setup({ mediaUrlTtlMs: 0 });
    const { media } = (await (await upload(server, 'channel=general', PNG)).json()) as { media: WireMedia };
    const { url } = await alice.call<{ url: string }>('mediaUrl', { sid: media.sid });
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('expired') },
    });
  });
});

describe('HTTP surface', () => {
  test('healthz, CORS for local origins only, and WebSocket origins', async () => {
    const server = await startServer();
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });
    const local = await fetch(`${server.url}/healthz`, { headers: { Origin: 'http://localhost:5173' } });
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const preflight = await fetch(`${server.url}/media`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:5173', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    const evil = await fetch(`${server.url}/healthz`, { headers: { Origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);

    const refused = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, {
      origin: 'https://evil.example',
    });
    const outcome = await new Promise<string>((resolve) => {
      refused.on('open', () => resolve('open'));
      refused.on('error', (error) => resolve(error.message));
    });
    expect(outcome).toContain('403');
  });
});

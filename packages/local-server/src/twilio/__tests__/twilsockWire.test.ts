import { describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startServer, TestClient, tokenFor } from '../../__tests__/helpers.js';
import { decodeFrame, encodeFrame, FrameError } from '../frame.js';
import { RawTwilsock } from './RawTwilsock.js';

describe('twilsock frames', () => {
  test('round-trip headers and payloads with multi-byte text (sizes are in bytes)', () => {
    const frame = encodeFrame({ method: 'notification', id: 'TM1', message_type: 'x' }, { text: 'héllo 👋' });
    const magic = frame.subarray(0, frame.indexOf('\r\n')).toString();
    const headerSize = Number(magic.split(' ')[2]);
    const header = JSON.parse(frame.subarray(magic.length + 2, magic.length + 2 + headerSize).toString());
    expect(header.payload_size).toBe(Buffer.byteLength(JSON.stringify({ text: 'héllo 👋' })));
    const decoded = decodeFrame(frame);
    expect([decoded.header.method, decoded.payload]).toEqual(['notification', { text: 'héllo 👋' }]);
  });

  test('refuse what is not a twilsock V3.0 frame', () => {
    expect(() => decodeFrame(Buffer.from('TWILSOCK V2.0 2\r\n{}\r\n'))).toThrow(FrameError);
    expect(() => decodeFrame(Buffer.from('TWILSOCK V3.0 99\r\n{}\r\n'))).toThrow(/does not fit/);
    expect(() => decodeFrame(Buffer.from('TWILSOCK V3.0 2\r\n{}\r\n'))).toThrow(/no "method"/);
  });
});

describe('the twilsock endpoint', () => {
  test('an init without a valid token gets 401/20101 and the socket is closed', async () => {
    const server = await startServer();
    const raw = await RawTwilsock.open(server);
    const reply = await raw.init('not-a-jwt');
    expect(reply.header.status).toMatchObject({ code: 401, errorCode: 20101 });
    await raw.closed;
  });

  test('requests before init and frames that are not twilsock are refused', async () => {
    const server = await startServer();
    const raw = await RawTwilsock.open(server);
    expect((await raw.http('GET', '/Client/v2/Configuration')).transport).toBe(401);
    raw.ws.send(Buffer.from('hello'));
    const close = await raw.next((frame) => frame.header.method === 'close');
    expect(close.header.status).toMatchObject({ code: 406 });
    await raw.closed;
  });

  test('a WebSocket from a page on another site is refused', async () => {
    const server = await startServer();
    const ws = new WebSocket(server.twilioClientOptions!.Twilsock.uri, {
      headers: { Origin: 'https://evil.example' },
    });
    const status = await new Promise((resolve) =>
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(403);
  });

  test('a path the emulator does not serve is a 404 that names it', async () => {
    const server = await startServer();
    const raw = await RawTwilsock.open(server);
    await raw.init(tokenFor('alice'));
    const answer = await raw.http('GET', '/Client/v2/ContentTemplates');
    expect([answer.transport, answer.status]).toEqual([200, 404]);
    expect(answer.body.message).toContain('GET /Client/v2/ContentTemplates is not emulated');
    const write = await raw.http('POST', '/cds/v3/Maps', {}, { unique_name: 'x' });
    expect(write.status).toBe(404);
  });

  test("a private channel's objects are refused to others, over REST, Sync reads and subscriptions", async () => {
    const server = await startServer();
    const alice = await TestClient.open(server, 'alice');
    const { channel } = await alice.call<{ channel: { sid: string } }>('createChannel', {
      name: 'alice#bob',
      type: 'private',
      members: ['bob'],
    });
    const mallory = await RawTwilsock.open(server);
    await mallory.init(tokenFor('mallory'));
    const rest = await mallory.http('GET', `/Client/v2/Conversations/${channel.sid}`);
    expect([rest.status, rest.body.code]).toEqual([404, 50350]);
    expect((await mallory.http('GET', `/cds/v3/Lists/${channel.sid}.messages`)).status).toBe(404);
    expect((await mallory.http('GET', '/Client/v1/Users/alice/Conversations')).status).toBe(403);
    const subscription = await mallory.http(
      'POST',
      '/cds/v4/Subscriptions',
      {},
      {
        action: 'establish',
        correlation_id: 7,
        requests: [{ object_sid: `ES${channel.sid.slice(2)}`, object_type: 'list', last_event_id: 0 }],
      },
    );
    expect(subscription.status).toBe(202);
    const failed = await mallory.next(
      (frame) => (frame.payload as { event_type?: string })?.event_type !== undefined,
    );
    expect(failed.payload).toMatchObject({ event_type: 'subscription_failed', correlation_id: 7 });

    const bob = await RawTwilsock.open(server);
    await bob.init(tokenFor('bob'));
    expect((await bob.http('GET', `/cds/v3/Lists/${channel.sid}.messages`)).status).toBe(200);
  });

  test("pages a map's items with Sync's tokens", async () => {
    const server = await startServer();
    const alice = await TestClient.open(server, 'alice');
    for (const name of ['a', 'b', 'c']) await alice.call('createChannel', { name, type: 'group' });
    const raw = await RawTwilsock.open(server);
    await raw.init(tokenFor('alice'));
    const configuration = await raw.http('GET', '/Client/v2/Configuration');
    const map = (configuration.body.sync_objects as { my_conversations: string }).my_conversations;
    type Page = {
      items: Array<{ key: string; data: { uniqueName: string } }>;
      meta: { next_token: string | null; previous_token: string | null };
    };
    const first = (await raw.http('GET', `/cds/v3/Maps/${map}/Items`, { PageSize: '2', Order: 'asc' }))
      .body as unknown as Page;
    expect(first.items).toHaveLength(2);
    expect(first.meta.previous_token).toBeNull();
    const second = (
      await raw.http('GET', `/cds/v3/Maps/${map}/Items`, {
        PageSize: '2',
        PageToken: encodeURIComponent(first.meta.next_token!),
      })
    ).body as unknown as Page;
    expect([second.items.length, second.meta.next_token, second.meta.previous_token !== null]).toEqual([
      1,
      null,
      true,
    ]);
    const names = [...first.items, ...second.items].map((item) => item.data.uniqueName).sort();
    expect(names).toEqual(['a', 'b', 'c']);
    // Keys are sorted as Sync sorts them: the pages do not overlap.
    expect(new Set([...first.items, ...second.items].map((item) => item.key)).size).toBe(3);
  });
});

// @vitest-environment node
import { createLocalServer } from '@chat/local-server';
import { createAccessToken, devKeys } from '@chat/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ChatBackend } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';
import {
  type Client,
  connectClient,
  countingWebSocket,
  Recorder,
  tokenFor,
} from '../local/__tests__/harness.js';
import { localBackend } from '../local.js';

type LocalServer = Awaited<ReturnType<typeof createLocalServer>>;
const quiet = { info() {}, error() {} };

let server: LocalServer;
const open: ChatBackend[] = [];
let counter = 0;

beforeAll(async () => {
  server = await createLocalServer({ port: 0, dbPath: ':memory:', keys: devKeys, logger: quiet });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((backend) => backend.shutdown()));
});
afterAll(async () => {
  await server?.close();
});

/** A fresh identity per test, so tests sharing the server never see each other's channels. */
function unique(name: string): string {
  counter += 1;
  return `${name}-${counter}`;
}

async function client(name: string, options = {}): Promise<Client> {
  const c = await connectClient(server.url, unique(name), options);
  open.push(c.backend);
  return c;
}

async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChatError);
  return error as ChatError;
}

describe('localBackend: connecting', () => {
  it('refuses every call before connect with not_connected, and typing does nothing', async () => {
    const backend = localBackend({ url: server.url, WebSocket });
    for (const call of [
      backend.listChannels(),
      backend.getChannel('general'),
      backend.joinChannel('general'),
      backend.sendMessage('general', { clientId: 'c1', body: 'hi', file: null }),
      backend.getMessages('general', { pageSize: 10 }),
      backend.setReadHorizon('general', 0),
      backend.updateToken(tokenFor('alice')),
    ]) {
      expect((await rejection(call)).code).toBe('not_connected');
    }
    expect(() => backend.typing('general')).not.toThrow();
    await backend.shutdown(); // safe without a connection
  });

  it('rejects a URL that is not http(s) with invalid_argument', () => {
    expect(() => localBackend({ url: 'localhost:3002' })).toThrow(ChatError);
    expect(() => localBackend({ url: 'ftp://127.0.0.1' })).toThrow(/http URL/);
  });

  it('says in its errors what was called, what was wrong and how to fix it, as the servers do', async () => {
    expect(() => localBackend({ url: 'ftp://127.0.0.1' })).toThrow(
      /^localBackend\(\{ url \}\): "ftp:\/\/127\.0\.0\.1" is not the server's http URL; pass one like 'http:\/\/127\.0\.0\.1:3002'\.$/,
    );
    const backend = localBackend({ url: server.url, WebSocket });
    expect((await rejection(backend.listChannels())).message).toBe(
      'listChannels: not connected; await connect() first.',
    );
    await backend.connect(tokenFor('alice'), new Recorder().emit);
    // The server's own refusal comes through as it wrote it: the op, what was wrong, the fix.
    const refused = await rejection(
      backend.sendMessage('nowhere', { clientId: 'c', body: 'hi', file: null }),
    );
    expect([refused.code, refused.message]).toEqual([
      'channel_not_found',
      'sendMessage: no channel named "nowhere" that you can see; check the name, or ask a member to add you.',
    ]);
    await backend.shutdown();
  });

  it('resolves the identity of the token and reports connecting, then connected', async () => {
    const alice = await client('alice');
    expect(alice.recorder.states()).toEqual(['connecting', 'connected']);
    expect(alice.identity).toMatch(/^alice-/);
  });

  it('refuses a token signed with other keys with token_invalid', async () => {
    const backend = localBackend({ url: server.url, WebSocket });
    const recorder = new Recorder();
    const forged = createAccessToken(
      { ...devKeys, apiSecret: 'not-the-dev-secret-000000000000' },
      'mallory',
      {
        ttlSeconds: 3600,
      },
    );
    const error = await rejection(backend.connect(forged, recorder.emit));
    expect(error.code).toBe('token_invalid');
    expect(recorder.states()).toEqual(['connecting', 'denied']);
    expect((await rejection(backend.listChannels())).code).toBe('not_connected');
  });

  it('refuses an expired token with token_expired', async () => {
    const backend = localBackend({ url: server.url, WebSocket });
    const stale = tokenFor('alice', { ttlSeconds: 180, now: Date.now() - 600_000 });
    expect((await rejection(backend.connect(stale, new Recorder().emit))).code).toBe('token_expired');
  });

  it('rejects with network when no server listens, naming the URL', async () => {
    const gone = await createLocalServer({ port: 0, dbPath: ':memory:', keys: devKeys, logger: quiet });
    const url = gone.url;
    await gone.close();
    const backend = localBackend({ url, WebSocket });
    const error = await rejection(backend.connect(tokenFor('alice'), new Recorder().emit));
    expect(error.code).toBe('network');
    expect(error.message).toContain(url.replace('http', 'ws'));
  });

  it('rejects a connect cut short by shutdown with not_connected, and emits nothing after', async () => {
    const backend = localBackend({ url: server.url, WebSocket });
    const recorder = new Recorder();
    const connecting = backend.connect(tokenFor('alice'), recorder.emit);
    await backend.shutdown();
    expect((await rejection(connecting)).code).toBe('not_connected');
    expect(recorder.states()).toEqual(['connecting']);
  });

  it('lets a second connect replace the first: the first emitter hears nothing more', async () => {
    const backend = localBackend({ url: server.url, WebSocket });
    open.push(backend);
    const first = new Recorder();
    const second = new Recorder();
    const bob = unique('bob');
    await backend.connect(tokenFor(unique('alice')), first.emit);
    const seen = first.events.length;
    await expect(backend.connect(tokenFor(bob), second.emit)).resolves.toEqual({ identity: bob });
    const name = unique('mine');
    await backend.createChannel({ name, type: 'group', friendlyName: '', description: '', members: [] });
    await second.waitFor('channelAdded', (e) => e.channel.name === name);
    expect(first.events.length).toBe(seen);
  });

  it('is reusable: after shutdown no event arrives, and connect works again', async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    const name = unique('room');
    await alice.backend.createChannel({
      name,
      type: 'group',
      friendlyName: 'Room',
      description: '',
      members: [],
    });
    await bob.backend.joinChannel(name);
    await alice.backend.shutdown();
    const seen = alice.recorder.events.length;
    await bob.backend.sendMessage(name, { clientId: 'after-shutdown', body: 'anyone?', file: null });
    await bob.recorder.waitFor('messageAdded', (e) => e.message.clientId === 'after-shutdown');
    expect(alice.recorder.events.length).toBe(seen);
    expect((await rejection(alice.backend.listChannels())).code).toBe('not_connected');

    const again = new Recorder();
    await expect(alice.backend.connect(tokenFor(alice.identity), again.emit)).resolves.toEqual({
      identity: alice.identity,
    });
    expect((await alice.backend.listChannels()).map((c) => c.name)).toContain(name);
  });
});

describe('localBackend: channels', () => {
  it('creates, lists, joins, adds and leaves group channels, with member events', async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    const carol = await client('carol');
    const name = unique('group');
    const created = await alice.backend.createChannel({
      name,
      type: 'group',
      friendlyName: 'The group',
      description: 'about things',
      members: [],
    });
    expect(created).toMatchObject({
      name,
      type: 'group',
      friendlyName: 'The group',
      members: [alice.identity],
    });
    expect((await alice.backend.listChannels()).map((c) => c.name)).toEqual([name]);
    expect((await rejection(bob.backend.createChannel({ ...created, members: [] }))).code).toBe(
      'channel_exists',
    );

    const joined = await bob.backend.joinChannel(name);
    expect(joined.members.sort()).toEqual([alice.identity, bob.identity].sort());
    await alice.recorder.waitFor('memberJoined', (e) => e.channel === name && e.identity === bob.identity);

    await alice.backend.addMember(name, carol.identity);
    const added = await carol.recorder.waitFor('channelAdded', (e) => e.channel.name === name);
    expect(added.channel.members).toContain(carol.identity);

    await bob.backend.leaveChannel(name);
    await bob.recorder.waitFor('channelRemoved', (e) => e.name === name);
    await alice.recorder.waitFor('memberLeft', (e) => e.channel === name && e.identity === bob.identity);
    expect(await bob.backend.listChannels()).toEqual([]);
    expect((await rejection(bob.backend.addMember(name, bob.identity))).code).toBe('not_member');
    expect((await rejection(alice.backend.joinChannel(unique('nowhere')))).code).toBe('channel_not_found');
  });

  it('shows a private channel to the peer at once and hides it from everyone else', async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    const eve = await client('eve');
    const name = [alice.identity, bob.identity].sort().join('#');
    await alice.backend.createChannel({
      name,
      type: 'private',
      friendlyName: '',
      description: '',
      members: [bob.identity],
    });
    const seen = await bob.recorder.waitFor('channelAdded', (e) => e.channel.name === name);
    expect(seen.channel).toMatchObject({ type: 'private', lastMessage: null });
    expect(seen.channel.members.sort()).toEqual([alice.identity, bob.identity].sort());
    expect((await bob.backend.getChannel(name))?.name).toBe(name);
    expect(await eve.backend.getChannel(name)).toBeNull();
    expect((await rejection(eve.backend.joinChannel(name))).code).toBe('channel_not_found');
  });
});

describe('localBackend: messages', () => {
  async function pair() {
    const alice = await client('alice');
    const bob = await client('bob');
    const name = unique('chat');
    await alice.backend.createChannel({
      name,
      type: 'group',
      friendlyName: '',
      description: '',
      members: [],
    });
    await bob.backend.joinChannel(name);
    return { alice, bob, name };
  }

  it('sends a message once even when the same clientId is sent again', async () => {
    const { alice, bob, name } = await pair();
    const first = await alice.backend.sendMessage(name, { clientId: 'c-1', body: 'hello', file: null });
    expect(first).toMatchObject({
      channel: name,
      clientId: 'c-1',
      author: alice.identity,
      body: 'hello',
      index: 0,
    });
    expect(first.dateCreated).toBeInstanceOf(Date);
    const again = await alice.backend.sendMessage(name, { clientId: 'c-1', body: 'hello', file: null });
    expect(again.sid).toBe(first.sid);
    const arrived = await bob.recorder.waitFor('messageAdded', (e) => e.message.sid === first.sid);
    expect(arrived.message.body).toBe('hello');
    expect((await bob.backend.getMessages(name, { pageSize: 10 })).messages).toHaveLength(1);
    const empty = await rejection(alice.backend.sendMessage(name, { clientId: 'c-2', body: '', file: null }));
    expect(empty.code).toBe('invalid_argument');
  });

  it('pages history oldest first and returns everything after an index', async () => {
    const { alice, bob, name } = await pair();
    for (let i = 0; i < 5; i++) {
      await alice.backend.sendMessage(name, { clientId: `m${i}`, body: `message ${i}`, file: null });
    }
    const newest = await bob.backend.getMessages(name, { pageSize: 2 });
    expect(newest.messages.map((m) => m.index)).toEqual([3, 4]);
    expect(newest.hasOlder).toBe(true);
    const oldest = await bob.backend.getMessages(name, { pageSize: 3, anchor: 2 });
    expect(oldest.messages.map((m) => m.body)).toEqual(['message 0', 'message 1', 'message 2']);
    expect(oldest.hasOlder).toBe(false);
    expect((await bob.backend.getMessagesAfter(name, 1)).map((m) => m.index)).toEqual([2, 3, 4]);
    expect(await bob.backend.getMessagesAfter(name, 4)).toEqual([]);
    const channel = (await bob.backend.listChannels()).find((c) => c.name === name);
    expect(channel?.lastMessage?.index).toBe(4);
  });

  it("moves the read horizon and tells the user's other connection", async () => {
    const { alice, bob, name } = await pair();
    for (let i = 0; i < 3; i++) {
      await alice.backend.sendMessage(name, { clientId: `r${i}`, body: `r${i}`, file: null });
    }
    const otherTab = await connectClient(server.url, bob.identity);
    open.push(otherTab.backend);
    expect((await otherTab.backend.getChannel(name))?.unreadCount).toBe(3);
    await expect(bob.backend.setReadHorizon(name, 1)).resolves.toEqual({ unreadCount: 1 });
    const changed = await otherTab.recorder.waitFor('readHorizonChanged', (e) => e.channel === name);
    expect(changed).toMatchObject({ lastReadIndex: 1, unreadCount: 1 });
  });

  it('signals typing to the peers, one frame per call (the store throttles, not the backend)', async () => {
    const sentOps: string[] = [];
    const alice = await client('alice', { WebSocket: countingWebSocket(sentOps) });
    const bob = await client('bob');
    const name = unique('typing');
    await alice.backend.createChannel({
      name,
      type: 'group',
      friendlyName: '',
      description: '',
      members: [],
    });
    await bob.backend.joinChannel(name);
    alice.backend.typing(name);
    alice.backend.typing(name);
    const started = await bob.recorder.waitFor('typingStarted', (e) => e.channel === name);
    expect(started.identity).toBe(alice.identity);
    expect(sentOps.filter((op) => op === 'typing')).toHaveLength(2);
    expect(() => alice.backend.typing(unique('not-a-member'))).not.toThrow(); // errors are swallowed
  });

  it('uploads a file, sends it, and url() downloads the same bytes', async () => {
    const { alice, bob, name } = await pair();
    const bytes = new TextEncoder().encode('plain text attachment\n');
    const file = {
      data: new Blob([bytes], { type: 'text/plain' }),
      filename: 'notes.txt',
      contentType: 'text/plain',
    };
    const sent = await alice.backend.sendMessage(name, { clientId: 'f-1', body: '', file });
    expect(sent.media).toMatchObject({
      filename: 'notes.txt',
      contentType: 'text/plain',
      size: bytes.length,
    });
    const arrived = await bob.recorder.waitFor('messageAdded', (e) => e.message.sid === sent.sid);
    const url = await arrived.message.media!.url();
    expect(url.startsWith(`${server.url}/`)).toBe(true);
    const response = await fetch(url);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);

    const lying = { ...file, contentType: 'image/png' };
    const mislabeled = await rejection(
      alice.backend.sendMessage(name, { clientId: 'f-3', body: '', file: lying }),
    );
    expect(mislabeled.code).toBe('invalid_argument');

    const outsider = await client('eve');
    const refused = await rejection(outsider.backend.sendMessage(name, { clientId: 'f-2', body: '', file }));
    expect(['not_member', 'forbidden']).toContain(refused.code);
  });

  it('uploads a file once when a failed send is retried with the same clientId', async () => {
    const uploads: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      uploads.push(String(input));
      return fetch(input, init);
    };
    const alice = await client('alice', { fetch: countingFetch });
    const name = unique('retry');
    await alice.backend.createChannel({
      name,
      type: 'group',
      friendlyName: '',
      description: '',
      members: [],
    });
    const file = { data: new Blob(['x']), filename: 'x.txt', contentType: 'text/plain' };
    const tooLong = 'b'.repeat(40 * 1024); // over the 32 KiB body limit, under the 64 KiB frame limit
    const send = () => alice.backend.sendMessage(name, { clientId: 'same', body: tooLong, file });
    expect((await rejection(send())).code).toBe('invalid_argument');
    expect((await rejection(send())).code).toBe('invalid_argument');
    expect(uploads).toHaveLength(1);
  });

  it('refuses a request over the 64 KiB frame limit before sending it', async () => {
    const sentOps: string[] = [];
    const alice = await client('alice', { WebSocket: countingWebSocket(sentOps) });
    const name = unique('big');
    await alice.backend.createChannel({
      name,
      type: 'group',
      friendlyName: '',
      description: '',
      members: [],
    });
    const huge = 'é'.repeat(40 * 1024); // 80 KiB of UTF-8
    const error = await rejection(
      alice.backend.sendMessage(name, { clientId: 'big', body: huge, file: null }),
    );
    expect(error.code).toBe('invalid_argument');
    expect(sentOps).not.toContain('sendMessage');
    await expect(alice.backend.listChannels()).resolves.toHaveLength(1); // the socket is still fine
  });
});

import type { WireChannel, WireMessage } from '@chat/protocol';
import { describe, expect, test } from 'vitest';
import { startServer, TestClient } from './helpers.js';

type Page = { messages: WireMessage[]; hasOlder: boolean };
type After = { messages: WireMessage[]; hasMore: boolean };

async function room(identities: string[], typingTimeoutMs = 50) {
  const server = await startServer({ typingTimeoutMs });
  const clients = await Promise.all(identities.map((identity) => TestClient.open(server, identity)));
  const [owner, ...others] = clients;
  await owner!.call('createChannel', { name: 'room', type: 'group' });
  for (const client of others) await client.call('joinChannel', { name: 'room' });
  return { server, clients };
}

async function send(client: TestClient, n: number, prefix = 'm'): Promise<WireMessage[]> {
  const sent: WireMessage[] = [];
  for (let i = 0; i < n; i++) {
    const { message } = await client.call<{ message: WireMessage }>('sendMessage', {
      channel: 'room',
      clientId: `${prefix}${i}`,
      body: `${prefix} ${i}`,
    });
    sent.push(message);
  }
  return sent;
}

async function unread(client: TestClient): Promise<[number | null, number | null]> {
  const { channel } = await client.call<{ channel: WireChannel }>('getChannel', { name: 'room' });
  return [channel.lastReadIndex, channel.unreadCount];
}

describe('messages', () => {
  test('indexes increase by one and every member receives messageAdded', async () => {
    const { clients } = await room(['alice', 'bob']);
    const [alice, bob] = clients as [TestClient, TestClient];
    const sent = await send(alice, 3);
    expect(sent.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(sent[0]).toMatchObject({
      author: 'alice',
      body: 'm 0',
      clientId: 'm0',
      channel: 'room',
      media: null,
    });
    expect(sent[0]?.sid).toMatch(/^IM[0-9a-f]{32}$/);
    await bob.until(() => bob.named('messageAdded').length === 3);
    expect(bob.named('messageAdded').map((e) => (e.message as WireMessage).sid)).toEqual(
      sent.map((m) => m.sid),
    );
    expect(alice.named('messageAdded')).toHaveLength(3);
  });

  test('the same clientId is stored once and not broadcast again', async () => {
    const { clients } = await room(['alice', 'bob']);
    const [alice, bob] = clients as [TestClient, TestClient];
    const first = await alice.call('sendMessage', { channel: 'room', clientId: 'retry-1', body: 'hello' });
    const again = await alice.call('sendMessage', { channel: 'room', clientId: 'retry-1', body: 'hello' });
    expect(again).toEqual(first);
    await bob.call('ping'); // a barrier: a second messageAdded would have been written before this reply
    expect(bob.named('messageAdded')).toHaveLength(1);
    const page = await bob.call<Page>('getMessages', { channel: 'room', pageSize: 10 });
    expect(page.messages).toHaveLength(1);
  });

  test('bodies: non-empty, at most 32 KiB of UTF-8', async () => {
    const { clients } = await room(['alice']);
    const [alice] = clients as [TestClient];
    expect(await alice.errorOf('sendMessage', { channel: 'room', clientId: 'a', body: '' })).toBe(
      'invalid_argument',
    );
    // 11 000 three-byte characters: under 32 Ki characters but over 32 KiB.
    const long = '€'.repeat(11_000);
    expect(await alice.errorOf('sendMessage', { channel: 'room', clientId: 'b', body: long })).toBe(
      'invalid_argument',
    );
    await alice.call('sendMessage', { channel: 'room', clientId: 'c', body: 'x'.repeat(32 * 1024) });
    expect(
      await alice.errorOf('sendMessage', { channel: 'room', clientId: 'd', body: 'x', mediaSid: 'MEnope' }),
    ).toBe('invalid_argument');
  });

  test('history pages: pageSize, anchor, hasOlder; and messages after an index', async () => {
    const { clients } = await room(['alice']);
    const [alice] = clients as [TestClient];
    await send(alice, 7);
    const newest = await alice.call<Page>('getMessages', { channel: 'room', pageSize: 3 });
    expect(newest.messages.map((m) => m.index)).toEqual([4, 5, 6]);
    expect(newest.hasOlder).toBe(true);
    const older = await alice.call<Page>('getMessages', { channel: 'room', pageSize: 3, anchor: 3 });
    expect(older.messages.map((m) => m.index)).toEqual([1, 2, 3]);
    const oldest = await alice.call<Page>('getMessages', { channel: 'room', pageSize: 3, anchor: 0 });
    expect(oldest).toMatchObject({ hasOlder: false });
    expect(oldest.messages.map((m) => m.index)).toEqual([0]);
    const beyond = await alice.call<Page>('getMessages', { channel: 'room', pageSize: 100, anchor: 99 });
    expect(beyond.messages).toHaveLength(7);
    expect(await alice.errorOf('getMessages', { channel: 'room', pageSize: 0 })).toBe('invalid_argument');
    expect(await alice.errorOf('getMessages', { channel: 'room', pageSize: 101 })).toBe('invalid_argument');

    const after = await alice.call<After>('getMessagesAfter', { channel: 'room', index: 4 });
    expect(after).toMatchObject({ hasMore: false });
    expect(after.messages.map((m) => m.index)).toEqual([5, 6]);
    const limited = await alice.call<After>('getMessagesAfter', { channel: 'room', index: -1, limit: 2 });
    expect([limited.messages.map((m) => m.index), limited.hasMore]).toEqual([[0, 1], true]);
  });
});

describe('clientId is unique per author', () => {
  // A clientId is the sender's retry key: another member who sends with it (first or second) stores
  // their own message, and each author's retries still return their own.
  for (const first of ['mallory', 'alice'] as const) {
    test(`${first} sending a clientId first blocks nobody`, async () => {
      const { clients } = await room(['alice', 'mallory']);
      const [alice, mallory] = clients as [TestClient, TestClient];
      const byName = { alice, mallory };
      const second = first === 'alice' ? 'mallory' : 'alice';
      const sendAs = (who: 'alice' | 'mallory') =>
        byName[who].call<{ message: WireMessage }>('sendMessage', {
          channel: 'room',
          clientId: 'c-1',
          body: `from ${who}`,
        });
      const a = await sendAs(first);
      const b = await sendAs(second);
      expect([a.message.author, a.message.body, a.message.index]).toEqual([first, `from ${first}`, 0]);
      expect([b.message.author, b.message.body, b.message.index]).toEqual([second, `from ${second}`, 1]);
      // Retries by each author return their own message and store nothing.
      expect((await sendAs(first)).message).toEqual(a.message);
      expect((await sendAs(second)).message).toEqual(b.message);
      const page = await alice.call<Page>('getMessages', { channel: 'room', pageSize: 10 });
      expect(page.messages.map((m) => [m.author, m.clientId])).toEqual([
        [first, 'c-1'],
        [second, 'c-1'],
      ]);
    });
  }
});

describe('read horizons', () => {
  test('unread = newest - horizon for each user; joiners start at the newest message', async () => {
    const { server, clients } = await room(['alice', 'bob']);
    const [alice, bob] = clients as [TestClient, TestClient];
    expect(await unread(alice)).toEqual([-1, 0]);
    await send(alice, 4);
    // Sending moves the author's horizon to its own message.
    expect(await unread(alice)).toEqual([3, 0]);
    expect(await unread(bob)).toEqual([-1, 4]);
    const carol = await TestClient.open(server, 'carol');
    await carol.call('joinChannel', { name: 'room' });
    expect(await unread(carol)).toEqual([3, 0]);

    expect(await bob.call('setReadHorizon', { channel: 'room', index: 1 })).toEqual({
      lastReadIndex: 1,
      unreadCount: 2,
    });
    await send(carol, 2, 'c');
    expect(await unread(bob)).toEqual([1, 4]);
    expect(await unread(alice)).toEqual([3, 2]);
    expect(await unread(carol)).toEqual([5, 0]);
    // Clamped to [-1, newest].
    expect(await bob.call('setReadHorizon', { channel: 'room', index: 99 })).toEqual({
      lastReadIndex: 5,
      unreadCount: 0,
    });
    expect(await bob.call('setReadHorizon', { channel: 'room', index: -7 })).toEqual({
      lastReadIndex: -1,
      unreadCount: 6,
    });
    const listed = await bob.call<{ channels: WireChannel[] }>('listChannels');
    expect(listed.channels.map((c) => [c.name, c.unreadCount, c.lastMessage?.body])).toEqual([
      ['room', 6, 'c 1'],
    ]);
  });

  test('both connections of a user receive readHorizonChanged', async () => {
    const { server, clients } = await room(['alice', 'bob']);
    const [alice, bob] = clients as [TestClient, TestClient];
    const bobTab2 = await TestClient.open(server, 'bob');
    await send(alice, 3);
    await bob.call('setReadHorizon', { channel: 'room', index: 2 });
    const expected = { event: 'readHorizonChanged', channel: 'room', lastReadIndex: 2, unreadCount: 0 };
    expect(await bob.event('readHorizonChanged')).toEqual(expected);
    expect(await bobTab2.event('readHorizonChanged')).toEqual(expected);
    await send(bob, 1, 'b');
    await bobTab2.event('readHorizonChanged', (e) => e.lastReadIndex === 3);
    // Alice sees only her own horizon (moved by her sends), never Bob's.
    await alice.call('ping');
    expect(alice.named('readHorizonChanged').map((e) => e.lastReadIndex)).toEqual([0, 1, 2]);
  });
});

describe('typing', () => {
  test('peers see typingStarted once, then typingEnded after the timeout; the typist sees nothing', async () => {
    const { clients } = await room(['alice', 'bob']);
    const [alice, bob] = clients as [TestClient, TestClient];
    await alice.call('typing', { channel: 'room' });
    await alice.call('typing', { channel: 'room' });
    expect(await bob.event('typingStarted')).toEqual({
      event: 'typingStarted',
      channel: 'room',
      identity: 'alice',
    });
    expect(await bob.event('typingEnded')).toEqual({
      event: 'typingEnded',
      channel: 'room',
      identity: 'alice',
    });
    expect(bob.named('typingStarted')).toHaveLength(1);
    await alice.call('ping');
    expect(alice.named('typingStarted')).toEqual([]);
  });

  test('sending a message ends typing at once', async () => {
    // A timeout far longer than the test: the end can only come from the message.
    const { clients } = await room(['alice', 'bob'], 60_000);
    const [alice, bob] = clients as [TestClient, TestClient];
    await alice.call('typing', { channel: 'room' });
    await bob.event('typingStarted');
    await alice.call('sendMessage', { channel: 'room', clientId: 'x', body: 'done' });
    expect(await bob.event('typingEnded')).toMatchObject({ identity: 'alice' });
  });
});

import { describe, expect, test } from 'vitest';
import { keys, startServer, TestClient, tokenFor } from '../../__tests__/helpers.js';
import type { LocalServerOptions } from '../../options.js';
import { connectSdk, newClient, nextEvent, type SdkName, type SdkUser, until } from './sdkDrivers.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

// No HTTP cache (counts are read right after changes), short Sync checks (the process exits sooner).
const fast: Partial<LocalServerOptions> = {
  typingTimeoutMs: 300,
  twilio: { httpCacheIntervalMs: 0, subscriptionDeliveryMs: 500 },
};

const joinedEvent = (sdk: SdkName) => (sdk === 'conversations' ? 'conversationJoined' : 'channelJoined');
const memberJoinedEvent = (sdk: SdkName) => (sdk === 'conversations' ? 'participantJoined' : 'memberJoined');
const identityOf = (args: unknown[]) => (args[0] as { identity: string }).identity;

/** The error code in an SDK rejection (`TwilsockUpstreamError.body.code`). */
async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected the call to be refused').not.toBeNull();
  return (error as { body?: { code?: unknown } }).body?.code;
}

/** A group channel made by `owner` through the SDK, joined, with its roster loaded (so later joins are live). */
async function room(owner: SdkUser, name = 'room') {
  const channel = await owner.create(name, { type: 'group', description: 'a room' });
  await channel.join();
  await until(() => channel.status === 'joined', 'the owner joined');
  await channel.streams();
  return channel;
}

describe.each(['conversations', 'chat'] as const)('%s SDK on the Twilio emulator', (sdk) => {
  test('connects to initialized and lists the channels the user belongs to', async () => {
    const server = await startServer(fast);
    const local = await TestClient.open(server, 'alice');
    await local.call('createChannel', { name: 'room', type: 'group', description: 'd', members: ['bob'] });
    await local.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
    await local.call('createChannel', { name: 'elsewhere', type: 'group' });
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    expect(bob.client.user.identity).toBe('bob');
    expect(bob.client.connectionState).toBe('connected');
    const channels = await bob.subscribed();
    expect(channels.map((c) => [c.uniqueName, c.status]).sort()).toEqual([
      ['alice#bob', 'joined'],
      ['room', 'joined'],
    ]);
    const pair = channels.find((c) => c.uniqueName === 'alice#bob')!;
    expect(pair.attributes).toMatchObject({ type: 'private' });
    if (sdk === 'chat') expect((pair as unknown as { sid: string }).sid).toMatch(/^CH[0-9a-f]{32}$/);
  });

  test('creates a channel, joins it, and a member it adds sees it live', async () => {
    const server = await startServer(fast);
    const alice = await connectSdk(sdk, server, 'alice', tokenFor('alice'));
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    const created = await alice.create('room', { type: 'group', description: 'a room' });
    expect([created.uniqueName, created.friendlyName]).toEqual(['room', 'room']);
    // As on Twilio, creating does not join.
    expect(created.status).toBe('notParticipating');
    await created.join();
    await until(() => created.status === 'joined', 'alice joined');
    await created.streams();
    await created.add('bob');
    const [joined] = await nextEvent(bob, joinedEvent(sdk));
    const bobs = bob.channelOf(joined);
    expect([bobs.uniqueName, bobs.status, bobs.attributes]).toEqual([
      'room',
      'joined',
      { type: 'group', description: 'a room' },
    ]);
    await nextEvent(alice, memberJoinedEvent(sdk), (args) => identityOf(args) === 'bob');
    // Twilio refuses a member who is already there (the local protocol's addMember is idempotent).
    expect(await codeOf(created.add('bob'))).toBe(sdk === 'conversations' ? 50433 : 50404);
    expect(await codeOf(alice.create('room', {}))).toBe(sdk === 'conversations' ? 50353 : 50307);
  });

  test('sends text and the other member receives it live', async () => {
    const server = await startServer(fast);
    const alice = await connectSdk(sdk, server, 'alice', tokenFor('alice'));
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    const channel = await room(alice);
    await channel.add('bob');
    await bob.channelOf((await nextEvent(bob, joinedEvent(sdk)))[0]).streams();
    expect(await channel.send('hello bob', { clientId: 'c-1' })).toBe(0);
    const [message] = await nextEvent(bob, 'messageAdded');
    expect(message).toMatchObject({
      index: 0,
      author: 'alice',
      body: 'hello bob',
      attributes: { clientId: 'c-1' },
    });
  });

  test('pages history backwards from the newest message and from an anchor', async () => {
    const server = await startServer(fast);
    const local = await TestClient.open(server, 'alice');
    await local.call('createChannel', { name: 'room', type: 'group', members: ['bob'] });
    for (let i = 0; i < 7; i++)
      await local.call('sendMessage', { channel: 'room', clientId: `m${i}`, body: `m ${i}` });
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    const [channel] = await bob.subscribed();
    const indexes = (page: { items: Array<{ index: number }> }) => page.items.map((m) => m.index);
    const newest = await channel!.messages(3);
    expect([indexes(newest), newest.hasPrevPage]).toEqual([[4, 5, 6], true]);
    const middle = await newest.prevPage();
    expect([indexes(middle), middle.hasPrevPage]).toEqual([[1, 2, 3], true]);
    const oldest = await middle.prevPage();
    expect([indexes(oldest), oldest.hasPrevPage]).toEqual([[0], false]);
    expect(oldest.items[0]).toMatchObject({ author: 'alice', body: 'm 0' });
    expect(indexes(await channel!.messages(2, 3))).toEqual([2, 3]);
  });

  test('sets the read horizon, reports unread counts, and other members see the horizon', async () => {
    const server = await startServer(fast);
    const alice = await connectSdk(sdk, server, 'alice', tokenFor('alice'));
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    const channel = await room(alice);
    await channel.add('bob');
    const bobs = bob.channelOf((await nextEvent(bob, joinedEvent(sdk)))[0]);
    for (let i = 0; i < 3; i++) await channel.send(`m ${i}`);
    // Alice's roster has bob (live from now on); added members have no horizon yet: Twilio
    // reports null ("possibly all unread").
    await until(async () => (await channel.memberHorizon('bob')) === null, "bob in alice's roster");
    expect(await bobs.unreadCount()).toBeNull();
    expect(await bobs.setLastReadIndex(0)).toBe(2);
    expect(await bobs.unreadCount()).toBe(2);
    await until(() => bobs.lastReadIndex === 0, "bob's own horizon through Sync");
    await until(async () => (await channel.memberHorizon('bob')) === 0, "bob's horizon in alice's roster");
    expect(await bobs.setLastReadIndex(null)).toBeNull();
    expect(await bobs.unreadCount()).toBeNull();
  });

  test('typing is seen by the other member', async () => {
    const server = await startServer(fast);
    const alice = await connectSdk(sdk, server, 'alice', tokenFor('alice'));
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    const channel = await room(alice);
    await channel.add('bob');
    const bobs = bob.channelOf((await nextEvent(bob, joinedEvent(sdk)))[0]);
    await bobs.streams();
    await until(async () => (await channel.memberHorizon('bob')) !== undefined, 'bob in the roster');
    await bobs.typing();
    expect(identityOf(await nextEvent(alice, 'typingStarted'))).toBe('bob');
    // The SDK ends it typing_timeout after the last notification.
    expect(identityOf(await nextEvent(alice, 'typingEnded'))).toBe('bob');
    expect(bob.events.some((event) => event.name === 'typingStarted')).toBe(false);
  });

  test('uploads media with a message, and the other member downloads it', async () => {
    const server = await startServer(fast);
    const alice = await connectSdk(sdk, server, 'alice', tokenFor('alice'));
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    const channel = await room(alice);
    await channel.add('bob');
    const bobs = bob.channelOf((await nextEvent(bob, joinedEvent(sdk)))[0]);
    await bobs.streams();
    const index = await channel.sendMedia('image/png', PNG, 'dot.png');
    await nextEvent(bob, 'messageAdded', (args) => (args[0] as { index: number }).index === index);
    const [message] = (await bobs.messages(1)).items;
    expect(message!.mediaSid).toMatch(/^ME[0-9a-f]{32}$/);
    const url = await message!.mediaUrl();
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });

  test('updateToken keeps the connection past the first token expiry', async () => {
    const server = await startServer({ ...fast, tokenRefreshMarginMs: 2000 });
    const alice = await connectSdk(sdk, server, 'alice', tokenFor('alice', 3));
    await nextEvent(alice, 'tokenAboutToExpire');
    await alice.client.updateToken(tokenFor('alice'));
    const firstExpiry = Date.now() + 3500;
    await until(() => Date.now() > firstExpiry, 'the first token to be past its expiry');
    expect(alice.events.filter((event) => event.name === 'tokenExpired')).toEqual([]);
    expect(alice.client.connectionState).toBe('connected');
  });

  test('a connection whose token runs out is told so (tokenExpired)', async () => {
    const server = await startServer({ ...fast, tokenRefreshMarginMs: 2000 });
    const alice = await connectSdk(sdk, server, 'alice', tokenFor('alice', 3));
    await nextEvent(alice, 'tokenAboutToExpire');
    await nextEvent(alice, 'tokenExpired');
  });

  test('init with an expired token is refused with 20104, with a bad signature with 20101', async () => {
    const server = await startServer(fast);
    for (const [token, code] of [
      [tokenFor('alice', -10), 20104],
      [tokenFor('alice', 3600, { ...keys, apiSecret: 'not the secret at all, not at all' }), 20101],
    ] as const) {
      const client = newClient(sdk, server, token);
      const errors: Array<{ terminal: boolean; errorCode: number | null }> = [];
      let expired = false;
      const emitter = client as unknown as { on(name: string, listener: (...args: never[]) => void): void };
      emitter.on('connectionError', (error: { terminal: boolean; errorCode: number | null }) =>
        errors.push(error),
      );
      emitter.on('tokenExpired', () => {
        expired = true;
      });
      // twilsock re-emits connectionError a turn after the state change.
      await until(() => client.connectionState === 'denied' && errors.length > 0, `denied for error ${code}`);
      expect(errors.map((error) => [error.terminal, error.errorCode])).toEqual([[true, code]]);
      expect(expired).toBe(code === 20104);
      await client.shutdown().catch(() => {});
    }
  });
});

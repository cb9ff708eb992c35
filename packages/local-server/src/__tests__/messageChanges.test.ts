import type { WireChannel, WireMessage, WireTombstone } from '@chat/protocol';
import { describe, expect, test } from 'vitest';
import { TestClient, tokenFor } from './helpers.js';
import { settle, watchedServer } from './worldWatch.js';

type Sent = { message: WireMessage };

/** alice and bob in the group `room` (alice created it), each with a second tab watching. */
async function room(options: Parameters<typeof watchedServer>[0] = {}) {
  const world = await watchedServer(options);
  const alice = await TestClient.open(world.server, 'alice');
  const aliceTab = await TestClient.open(world.server, 'alice');
  const bob = await TestClient.open(world.server, 'bob');
  await alice.call('createChannel', { name: 'room', type: 'group', members: ['bob'] });
  await settle([alice, aliceTab, bob]);
  const send = async (client: TestClient, body: string) =>
    (await client.call<Sent>('sendMessage', { channel: 'room', clientId: body, body })).message;
  return { ...world, alice, aliceTab, bob, send };
}

describe('editMessage', () => {
  test('the author replaces the body: everyone sees it and when, with the next change number', async () => {
    const { alice, aliceTab, bob, send } = await room();
    const first = await send(alice, 'helo');
    await send(bob, 'hi');
    expect(first.changeSeq).toBe(1);
    const { message } = await alice.call<Sent>('editMessage', { channel: 'room', index: 0, body: 'hello' });
    expect(message).toMatchObject({ sid: first.sid, index: 0, body: 'hello', changeSeq: 3 });
    expect(message.editedAt).toBeGreaterThanOrEqual(first.dateCreated);
    for (const client of [bob, aliceTab]) {
      expect((await client.event('messageUpdated')).message).toEqual(message);
    }
    const page = await bob.call<{ messages: WireMessage[] }>('getMessages', {
      channel: 'room',
      pageSize: 10,
    });
    expect(page.messages.map((m) => [m.body, m.editedAt !== null])).toEqual([
      ['hello', true],
      ['hi', false],
    ]);
    const channel = (await bob.call<{ channel: WireChannel }>('getChannel', { name: 'room' })).channel;
    expect(channel.changeSeq).toBe(3);
  });

  test('the same body again changes nothing and tells nobody', async () => {
    const { alice, bob, send, rows } = await room();
    await send(alice, 'same');
    await bob.event('messageAdded');
    const before = [bob.events.length, rows()];
    const { message } = await alice.call<Sent>('editMessage', { channel: 'room', index: 0, body: 'same' });
    expect([message.editedAt, message.changeSeq]).toEqual([null, 1]);
    await bob.call('ping');
    expect([bob.events.length, rows()]).toEqual(before);
  });

  test('refusals change nothing and tell nobody: another author, a deleted or unknown index, a bad body, a non-member', async () => {
    const { server, alice, aliceTab, bob, send, refusal } = await room();
    await send(alice, 'mine');
    await send(bob, 'his');
    await alice.call('deleteMessage', { channel: 'room', index: 0 });
    const carol = await TestClient.open(server, 'carol');
    const watchers = [aliceTab, bob];
    const edit = (client: TestClient, params: Record<string, unknown>) => () =>
      client.errorOf('editMessage', { channel: 'room', ...params });
    await refusal(edit(alice, { index: 1, body: 'not yours' }), 'forbidden', watchers);
    await refusal(edit(alice, { index: 0, body: 'deleted' }), 'invalid_argument', watchers);
    await refusal(edit(alice, { index: 7, body: 'never sent' }), 'invalid_argument', watchers);
    await refusal(edit(bob, { index: 1, body: '' }), 'invalid_argument', watchers);
    await refusal(edit(bob, { index: 1, body: 'x'.repeat(32 * 1024 + 1) }), 'invalid_argument', watchers);
    await refusal(edit(bob, { index: -1, body: 'x' }), 'invalid_argument', watchers);
    await refusal(edit(bob, { index: 1.5, body: 'x' }), 'invalid_argument', watchers);
    await refusal(edit(bob, { index: 1 }), 'invalid_argument', watchers);
    await refusal(edit(carol, { index: 1, body: 'outsider' }), 'not_member', watchers);
    const reply = await alice.request('editMessage', { channel: 'room', index: 1, body: 'x' });
    expect(reply.error?.message).toMatch(
      /^editMessage: message 1 of "room" was written by "bob"; only its author may edit it\.$/,
    );
  });

  test('a private channel of others is not found, as if it did not exist', async () => {
    const { server, alice, refusal } = await room();
    const eve = await TestClient.open(server, 'eve');
    await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
    await alice.call('sendMessage', { channel: 'alice#bob', clientId: 'p', body: 'psst' });
    await refusal(
      () => eve.errorOf('editMessage', { channel: 'alice#bob', index: 0, body: 'x' }),
      'channel_not_found',
      [alice],
    );
  });

  test('edits draw on the identity send budget, shared with sends', async () => {
    const { alice, send } = await room({
      rateLimit: { perIdentity: { sendsPerSecond: 0.001, sendBurst: 2 } },
    });
    await send(alice, 'one');
    await alice.call('editMessage', { channel: 'room', index: 0, body: 'two' });
    expect(await alice.errorOf('editMessage', { channel: 'room', index: 0, body: 'three' })).toBe(
      'rate_limited',
    );
    expect(await alice.errorOf('sendMessage', { channel: 'room', clientId: 'c', body: 'four' })).toBe(
      'rate_limited',
    );
  });
});

describe('deleteMessage', () => {
  test('the author deletes: everyone is told with the newest message left; the index stays a gap', async () => {
    const { alice, aliceTab, bob, send } = await room();
    await send(alice, 'a0');
    const a1 = await send(alice, 'a1');
    await alice.call('deleteMessage', { channel: 'room', index: 1 });
    for (const client of [bob, aliceTab, alice]) {
      const event = await client.event('messageRemoved');
      expect(event).toMatchObject({ channel: 'room', index: 1, sid: a1.sid, author: 'alice', changeSeq: 3 });
      expect((event.lastMessage as WireMessage).body).toBe('a0');
    }
    const next = await send(bob, 'b2');
    expect(next.index).toBe(2);
    const page = await bob.call<{ messages: WireMessage[] }>('getMessages', {
      channel: 'room',
      pageSize: 10,
    });
    expect(page.messages.map((m) => m.index)).toEqual([0, 2]);
    expect(await bob.errorOf('deleteMessage', { channel: 'room', index: 1 })).toBe('invalid_argument');
  });

  test('deleting the newest and the oldest: paging and lastMessage follow the gaps', async () => {
    const { alice, bob, send } = await room();
    for (const body of ['m0', 'm1', 'm2', 'm3']) await send(alice, body);
    await alice.call('deleteMessage', { channel: 'room', index: 0 });
    await alice.call('deleteMessage', { channel: 'room', index: 3 });
    const listed = (await bob.call<{ channels: WireChannel[] }>('listChannels')).channels[0]!;
    expect(listed.lastMessage?.body).toBe('m2');
    const newest = await bob.call<{ messages: WireMessage[]; hasOlder: boolean }>('getMessages', {
      channel: 'room',
      pageSize: 2,
    });
    // m1 is the oldest left: nothing older, though its index is 1.
    expect([newest.messages.map((m) => m.body), newest.hasOlder]).toEqual([['m1', 'm2'], false]);
    const after = await bob.call<{ messages: WireMessage[]; hasMore: boolean }>('getMessagesAfter', {
      channel: 'room',
      index: 1,
      limit: 1,
    });
    // The deleted 3 after m2 is no "more".
    expect([after.messages.map((m) => m.body), after.hasMore]).toEqual([['m2'], false]);
    await alice.call('deleteMessage', { channel: 'room', index: 1 });
    await alice.call('deleteMessage', { channel: 'room', index: 2 });
    const empty = (await bob.call<{ channels: WireChannel[] }>('listChannels')).channels[0]!;
    expect([empty.lastMessage, empty.unreadCount]).toEqual([null, 0]);
    expect(await bob.call('getMessages', { channel: 'room', pageSize: 5 })).toEqual({
      messages: [],
      hasOlder: false,
    });
  });

  test('refusals change nothing and tell nobody', async () => {
    const { server, alice, aliceTab, bob, send, refusal } = await room();
    await send(alice, 'mine');
    await send(bob, 'his');
    const carol = await TestClient.open(server, 'carol');
    const watchers = [aliceTab, bob];
    const remove = (client: TestClient, params: Record<string, unknown>) => () =>
      client.errorOf('deleteMessage', { channel: 'room', ...params });
    await refusal(remove(alice, { index: 1 }), 'forbidden', watchers);
    await refusal(remove(alice, { index: 9 }), 'invalid_argument', watchers);
    await refusal(remove(alice, { index: '0' }), 'invalid_argument', watchers);
    await refusal(remove(carol, { index: 0 }), 'not_member', watchers);
    await refusal(
      () => alice.errorOf('deleteMessage', { channel: 'nope', index: 0 }),
      'channel_not_found',
      watchers,
    );
  });

  test('a deleted message no longer counts as unread; own messages never do', async () => {
    const { alice, bob, send } = await room();
    await send(alice, 'a0');
    await send(bob, 'b1');
    await send(alice, 'a2');
    await send(alice, 'a3');
    const unreadOf = async (client: TestClient) =>
      (await client.call<{ channel: WireChannel }>('getChannel', { name: 'room' })).channel.unreadCount;
    expect(await unreadOf(bob)).toBe(2); // a2, a3 (b1 moved his horizon to 1)
    await alice.call('deleteMessage', { channel: 'room', index: 2 });
    expect(await unreadOf(bob)).toBe(1);
    // Moving the horizon back before his own message counts the others' only.
    expect(await bob.call('setReadHorizon', { channel: 'room', index: -1 })).toEqual({
      lastReadIndex: -1,
      unreadCount: 2,
    });
    const listed = (await bob.call<{ channels: WireChannel[] }>('listChannels')).channels[0]!;
    expect(listed.unreadCount).toBe(2);
  });

  test("a message's file is deleted with it, unless another message uses it", async () => {
    const { server, alice } = await room();
    const response = await fetch(`${server.url}/media?channel=room&filename=a.txt`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokenFor('alice')}`, 'Content-Type': 'text/plain' },
      body: 'file',
    });
    const { sid } = ((await response.json()) as { media: { sid: string } }).media;
    await alice.call('sendMessage', { channel: 'room', clientId: 'f1', body: '', mediaSid: sid });
    await alice.call('sendMessage', { channel: 'room', clientId: 'f2', body: 'again', mediaSid: sid });
    await alice.call('deleteMessage', { channel: 'room', index: 0 });
    expect(await alice.call('mediaUrl', { sid })).toHaveProperty('url');
    await alice.call('deleteMessage', { channel: 'room', index: 1 });
    expect(await alice.errorOf('mediaUrl', { sid })).toBe('channel_not_found');
  });
});

describe('getChanges', () => {
  test('answers what was sent, edited and deleted after a change number, in change order, within a range', async () => {
    const { alice, bob, send } = await room();
    for (const body of ['m0', 'm1', 'm2', 'm3']) await send(alice, body);
    const seen = (await bob.call<{ channel: WireChannel }>('getChannel', { name: 'room' })).channel
      .changeSeq!;
    expect(seen).toBe(4);
    expect(await bob.call('getChanges', { channel: 'room', after: seen })).toEqual({
      messages: [],
      deleted: [],
      changeSeq: 4,
      hasMore: false,
    });
    await alice.call('editMessage', { channel: 'room', index: 2, body: 'm2!' });
    await alice.call('deleteMessage', { channel: 'room', index: 1 });
    await send(alice, 'm4');
    type Changes = { messages: WireMessage[]; deleted: WireTombstone[]; changeSeq: number; hasMore: boolean };
    const all = await bob.call<Changes>('getChanges', { channel: 'room', after: seen });
    expect(all.messages.map((m) => [m.index, m.body, m.changeSeq])).toEqual([
      [2, 'm2!', 5],
      [4, 'm4', 7],
    ]);
    expect(all.deleted.map((t) => [t.index, t.changeSeq])).toEqual([[1, 6]]);
    expect([all.changeSeq, all.hasMore]).toEqual([7, false]);
    const loaded = await bob.call<Changes>('getChanges', { channel: 'room', after: seen, from: 0, to: 3 });
    expect([loaded.messages.map((m) => m.index), loaded.deleted.map((t) => t.index)]).toEqual([[2], [1]]);
    // Paged: two changes at a time, each answer continuing from the last one's changeSeq.
    const first = await bob.call<Changes>('getChanges', { channel: 'room', after: seen, limit: 2 });
    expect([first.messages.map((m) => m.index), first.deleted.map((t) => t.index)]).toEqual([[2], [1]]);
    expect([first.changeSeq, first.hasMore]).toEqual([6, true]);
    const rest = await bob.call<Changes>('getChanges', { channel: 'room', after: first.changeSeq, limit: 2 });
    expect([rest.messages.map((m) => m.index), rest.changeSeq, rest.hasMore]).toEqual([[4], 7, false]);
  });

  test('is for members only', async () => {
    const { server, alice, send } = await room();
    await send(alice, 'm0');
    const carol = await TestClient.open(server, 'carol');
    expect(await carol.errorOf('getChanges', { channel: 'room', after: 0 })).toBe('not_member');
    expect(await alice.errorOf('getChanges', { channel: 'room', after: -1 })).toBe('invalid_argument');
  });
});

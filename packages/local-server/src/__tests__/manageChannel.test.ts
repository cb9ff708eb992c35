import type { WireChannel, WireChannelPage } from '@chat/protocol';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../db.js';
import { TestClient } from './helpers.js';
import { settle, watchedServer } from './worldWatch.js';

type ChannelResult = { channel: WireChannel };

/** alice created `room` with bob and carol in it; each has a socket, alice a second tab. */
async function room() {
  const world = await watchedServer();
  const alice = await TestClient.open(world.server, 'alice');
  const aliceTab = await TestClient.open(world.server, 'alice');
  const bob = await TestClient.open(world.server, 'bob');
  const carol = await TestClient.open(world.server, 'carol');
  await alice.call('createChannel', { name: 'room', type: 'group', members: ['bob', 'carol'] });
  await alice.call('sendMessage', { channel: 'room', clientId: 'c0', body: 'welcome' });
  await settle([alice, aliceTab, bob, carol]);
  return { ...world, alice, aliceTab, bob, carol };
}

describe('removeMember', () => {
  test('the creator removes a member, who loses the channel at once and cannot read or rejoin it', async () => {
    const { alice, bob, carol } = await room();
    await alice.call('removeMember', { name: 'room', identity: 'bob' });
    expect(await bob.event('channelRemoved')).toEqual({ event: 'channelRemoved', name: 'room' });
    for (const client of [carol, alice, bob]) {
      expect(await client.event('memberLeft')).toEqual({
        event: 'memberLeft',
        channel: 'room',
        identity: 'bob',
      });
    }
    expect((await bob.call<WireChannelPage>('listChannels')).channels).toEqual([]);
    expect(await bob.errorOf('getMessages', { channel: 'room', pageSize: 10 })).toBe('not_member');
    expect(await bob.errorOf('joinChannel', { name: 'room' })).toBe('forbidden');
    expect((await carol.call<ChannelResult>('getChannel', { name: 'room' })).channel.members).toEqual([
      'alice',
      'carol',
    ]);
    // A member may bring bob back (a removal is no ban on being added); then he is in again.
    await carol.call('addMember', { name: 'room', identity: 'bob' });
    await bob.event('channelAdded');
    expect(await bob.call('getMessages', { channel: 'room', pageSize: 10 })).toHaveProperty('messages');
  });

  test('refusals change nothing and tell nobody: not the creator, a private channel, oneself, a non-member caller', async () => {
    const { server, alice, aliceTab, bob, carol, refusal } = await room();
    const dave = await TestClient.open(server, 'dave');
    await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
    const watchers = [aliceTab, bob, carol];
    await refusal(
      () => bob.errorOf('removeMember', { name: 'room', identity: 'carol' }),
      'forbidden',
      watchers,
    );
    await refusal(
      () => bob.errorOf('removeMember', { name: 'room', identity: 'alice' }),
      'forbidden',
      watchers,
    );
    await refusal(
      () => alice.errorOf('removeMember', { name: 'alice#bob', identity: 'bob' }),
      'forbidden',
      watchers,
    );
    await refusal(
      () => alice.errorOf('removeMember', { name: 'room', identity: 'alice' }),
      'invalid_argument',
      watchers,
    );
    await refusal(
      () => dave.errorOf('removeMember', { name: 'room', identity: 'bob' }),
      'not_member',
      watchers,
    );
    await refusal(
      () => alice.errorOf('removeMember', { name: 'room', identity: 'bad#id' }),
      'invalid_argument',
      watchers,
    );
    const reply = await bob.request('removeMember', { name: 'room', identity: 'carol' });
    expect(reply.error?.message).toBe(
      'removeMember: only "alice", who created "room", may remove its members; ask them.',
    );
  });

  test('removing someone who is not a member changes nothing and tells nobody', async () => {
    const { alice, aliceTab, bob, rows } = await room();
    const before = rows();
    const seen = [aliceTab.events.length, bob.events.length];
    expect(await alice.call('removeMember', { name: 'room', identity: 'zoe' })).toEqual({});
    for (const client of [aliceTab, bob]) await client.call('ping');
    expect([aliceTab.events.length, bob.events.length]).toEqual(seen);
    expect(rows()).toEqual(before);
  });
});

describe('updateChannel', () => {
  test('a member renames the channel and changes its description: every member sees it as they see the channel', async () => {
    const { alice, aliceTab, bob, carol } = await room();
    const { channel } = await bob.call<ChannelResult>('updateChannel', {
      name: 'room',
      friendlyName: 'The Room',
      description: 'where we meet',
    });
    expect(channel).toMatchObject({ name: 'room', friendlyName: 'The Room', description: 'where we meet' });
    for (const [client, unread] of [
      [alice, 0],
      [aliceTab, 0],
      [bob, 1],
      [carol, 1],
    ] as const) {
      const event = await client.event('channelUpdated');
      expect(event.channel).toMatchObject({
        friendlyName: 'The Room',
        description: 'where we meet',
        unreadCount: unread,
      });
    }
    await carol.call('updateChannel', { name: 'room', description: '' });
    expect((await alice.call<ChannelResult>('getChannel', { name: 'room' })).channel).toMatchObject({
      friendlyName: 'The Room',
      description: '',
    });
  });

  test('refusals change nothing and tell nobody: a non-member, nothing to change, a blank or too long name, too long a description', async () => {
    const { server, alice, aliceTab, bob, refusal } = await room();
    const dave = await TestClient.open(server, 'dave');
    const watchers = [aliceTab, bob];
    const update = (client: TestClient, params: Record<string, unknown>) => () =>
      client.errorOf('updateChannel', { name: 'room', ...params });
    await refusal(update(dave, { friendlyName: 'mine now' }), 'not_member', watchers);
    await refusal(update(alice, {}), 'invalid_argument', watchers);
    await refusal(update(alice, { friendlyName: '  ' }), 'invalid_argument', watchers);
    await refusal(update(alice, { friendlyName: 'x'.repeat(257) }), 'invalid_argument', watchers);
    await refusal(update(alice, { description: 'x'.repeat(4097) }), 'invalid_argument', watchers);
    await refusal(update(alice, { description: 7 }), 'invalid_argument', watchers);
    await refusal(
      () => dave.errorOf('updateChannel', { name: 'nope', description: 'x' }),
      'channel_not_found',
      watchers,
    );
    const reply = await alice.request('updateChannel', { name: 'room' });
    expect(reply.error?.message).toBe(
      'updateChannel: params: names nothing to change; send friendlyName, description or both.',
    );
  });

  test('the same values again change nothing and tell nobody', async () => {
    const { alice, bob, rows } = await room();
    const before = rows();
    const seen = bob.events.length;
    await alice.call('updateChannel', { name: 'room', friendlyName: 'room', description: '' });
    await bob.call('ping');
    expect(bob.events.length).toBe(seen);
    expect(rows()).toEqual(before);
  });
});

describe('what a non-member sees of a group', () => {
  test('its names, description, attributes, creator and date: no members, horizons, messages or counts', async () => {
    const { server, alice } = await room();
    const dave = await TestClient.open(server, 'dave');
    await alice.call('setReadHorizon', { channel: 'room', index: 0 });
    const visible = {
      name: 'room',
      type: 'group',
      createdBy: 'alice',
      members: [],
      lastMessage: null,
      lastReadIndex: null,
      unreadCount: null,
      lastReadIndexes: {},
      changeSeq: null,
    };
    expect((await dave.call<ChannelResult>('getChannel', { name: 'room' })).channel).toMatchObject(visible);
    const listed = await dave.call<WireChannelPage>('listPublicChannels');
    expect(listed.channels).toEqual([expect.objectContaining(visible)]);
    // Someone the creator removed sees no more than that.
    const { bob } = { bob: await TestClient.open(server, 'bob') };
    await alice.call('removeMember', { name: 'room', identity: 'bob' });
    expect((await bob.call<ChannelResult>('getChannel', { name: 'room' })).channel).toMatchObject(visible);
  });
});

describe('read receipts', () => {
  test("every member's horizon is listed; a move tells the other members, a send moves its author's", async () => {
    const { alice, aliceTab, bob, carol } = await room();
    const listed = (await bob.call<WireChannelPage>('listChannels')).channels[0]!;
    expect(listed.lastReadIndexes).toEqual({ alice: 0, bob: -1, carol: -1 });
    await bob.call('setReadHorizon', { channel: 'room', index: 0 });
    for (const client of [alice, aliceTab, carol]) {
      expect(await client.event('memberHorizonChanged')).toEqual({
        event: 'memberHorizonChanged',
        channel: 'room',
        identity: 'bob',
        lastReadIndex: 0,
      });
    }
    // bob's own connections learn it from readHorizonChanged, not as a receipt.
    await bob.call('ping');
    expect(bob.named('memberHorizonChanged')).toEqual([]);
    // The same horizon again is no news.
    await bob.call('setReadHorizon', { channel: 'room', index: 0 });
    await carol.call('ping');
    expect(carol.named('memberHorizonChanged')).toHaveLength(1);
    await carol.call('sendMessage', { channel: 'room', clientId: 'c1', body: 'hi' });
    expect((await alice.call<ChannelResult>('getChannel', { name: 'room' })).channel.lastReadIndexes).toEqual(
      {
        alice: 0,
        bob: 0,
        carol: 1,
      },
    );
  });
});

describe('unread counts stay index lookups', () => {
  test("the deleted and the reader's own messages after a horizon are counted in indexes, never by reading messages", () => {
    const database = openDatabase(':memory:');
    // The statements themselves, planned with placeholder values (bound as null).
    const planOf = (query: unknown) => {
      const statement = database.db.prepare(`EXPLAIN QUERY PLAN ${(query as { source: string }).source}`);
      return statement
        .all(null, null, null)
        .map((row) => (row as { detail: string }).detail)
        .join('\n');
    };
    const plans = [database.channelsPageOf, database.groupChannelsPage, database.unreadParts].map(planOf);
    database.db.close();
    for (const plan of plans) {
      expect(plan).toMatch(/SEARCH t USING PRIMARY KEY \(channel_id=\? AND idx>\?\)/);
      expect(plan).toMatch(
        /SEARCH o USING COVERING INDEX messages_by_author \(channel_id=\? AND author=\? AND idx>\?\)/,
      );
    }
  });
});

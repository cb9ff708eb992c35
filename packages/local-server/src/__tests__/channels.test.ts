import type { WireChannel } from '@chat/protocol';
import { describe, expect, test } from 'vitest';
import { startServer, TestClient } from './helpers.js';

type ChannelResult = { channel: WireChannel };
type ChannelList = { channels: WireChannel[] };

describe('group channels', () => {
  test('anyone can list and join; members see each other join and leave', async () => {
    const server = await startServer();
    const alice = await TestClient.open(server, 'alice');
    const bob = await TestClient.open(server, 'bob');
    const bobTab2 = await TestClient.open(server, 'bob');
    const { channel } = await alice.call<ChannelResult>('createChannel', {
      name: 'general',
      type: 'group',
      friendlyName: 'General',
      attributes: { topic: 'all' },
    });
    expect(channel).toMatchObject({
      name: 'general',
      friendlyName: 'General',
      members: ['alice'],
      createdBy: 'alice',
    });
    expect(channel.sid).toMatch(/^CH[0-9a-f]{32}$/);
    expect(await alice.event('channelAdded')).toMatchObject({ channel: { name: 'general' } });

    const visible = await bob.call<ChannelList>('listPublicChannels');
    expect(visible.channels.map((c) => [c.name, c.lastReadIndex, c.unreadCount])).toEqual([
      ['general', null, null],
    ]);
    expect((await bob.call<ChannelList>('listChannels')).channels).toEqual([]);
    expect(await bob.errorOf('getMessages', { channel: 'general', pageSize: 10 })).toBe('not_member');
    expect(await bob.errorOf('sendMessage', { channel: 'general', clientId: 'x', body: 'hi' })).toBe(
      'not_member',
    );

    const joined = await bob.call<ChannelResult>('joinChannel', { name: 'general' });
    expect(joined.channel.members).toEqual(['alice', 'bob']);
    await bobTab2.event('channelAdded', (e) => (e.channel as WireChannel).name === 'general');
    // A joiner's horizon starts at the newest message (none yet): read receipts start from it.
    expect(await alice.event('memberJoined')).toEqual({
      event: 'memberJoined',
      channel: 'general',
      identity: 'bob',
      lastReadIndex: -1,
    });
    await bobTab2.event('memberJoined');
    // Joining again is a no-op.
    await bob.call('joinChannel', { name: 'general' });
    expect((await alice.call<ChannelResult>('getChannel', { name: 'general' })).channel.members).toEqual([
      'alice',
      'bob',
    ]);

    await bob.call('leaveChannel', { name: 'general' });
    expect(await alice.event('memberLeft')).toMatchObject({ identity: 'bob' });
    expect(await bobTab2.event('channelRemoved')).toEqual({ event: 'channelRemoved', name: 'general' });
    expect(await bob.errorOf('leaveChannel', { name: 'general' })).toBe('not_member');
  });

  test('names are unique and group names may not look private', async () => {
    const server = await startServer();
    const alice = await TestClient.open(server, 'alice');
    await alice.call('createChannel', { name: 'general', type: 'group' });
    expect(await alice.errorOf('createChannel', { name: 'general', type: 'group' })).toBe('channel_exists');
    expect(await alice.errorOf('createChannel', { name: 'alice#bob', type: 'group' })).toBe(
      'invalid_argument',
    );
    expect(await alice.errorOf('joinChannel', { name: 'nope' })).toBe('channel_not_found');
  });

  test('a group may not pass for a private chat with a look-alike of #, nor hide characters in its name', async () => {
    const server = await startServer();
    const alice = await TestClient.open(server, 'alice');
    const bob = await TestClient.open(server, 'bob');
    const lookAlikes = [
      'alice\uff03bob',
      'alice\ufe5fbob',
      'alice\u266fbob',
      'alice\u2317bob',
      'alice\u22d5bob',
    ];
    for (const name of lookAlikes) {
      const reply = await alice.request('createChannel', { name, type: 'group', members: ['bob'] });
      expect(reply.error).toMatchObject({
        code: 'invalid_argument',
        message: expect.stringContaining("'#'"),
      });
    }
    const hidden = [
      'general\u200b',
      'gen\u202eeral',
      '\ufeffgeneral',
      'general\u2028',
      'general\u00a0room',
      ' general',
      'cafe\u0301',
    ];
    for (const name of hidden) {
      expect(await alice.errorOf('createChannel', { name, type: 'group' })).toBe('invalid_argument');
      expect(await alice.errorOf('joinChannel', { name })).toBe('invalid_argument');
    }
    for (const identity of ['bob\u200b', 'bob\uff03', 'bo\u0301b']) {
      expect(await alice.errorOf('createChannel', { name: 'room', type: 'group', members: [identity] })).toBe(
        'invalid_argument',
      );
    }
    expect(await alice.call('listPublicChannels')).toEqual({ channels: [], next: null });
    await bob.call('ping'); // a barrier: a channelAdded would have arrived before this reply
    expect(bob.named('channelAdded')).toHaveLength(0);
  });

  test('a member adds another identity, who learns of the channel at once', async () => {
    const server = await startServer();
    const alice = await TestClient.open(server, 'alice');
    const carol = await TestClient.open(server, 'carol');
    await alice.call('createChannel', { name: 'team', type: 'group' });
    await alice.call('sendMessage', { channel: 'team', clientId: 'a', body: 'before carol' });
    expect(await carol.errorOf('addMember', { name: 'team', identity: 'dave' })).toBe('not_member');
    await alice.call('addMember', { name: 'team', identity: 'carol' });
    const added = await carol.event('channelAdded');
    // An added member has read nothing yet.
    expect(added.channel).toMatchObject({ name: 'team', lastReadIndex: -1, unreadCount: 1 });
    await alice.call('addMember', { name: 'team', identity: 'carol' });
    await carol.call('ping'); // a barrier: any event of the second add would have arrived before this reply
    expect(carol.named('channelAdded')).toHaveLength(1);
  });
});

describe('private channels', () => {
  test('are named after the sorted pair, and the peer learns of them at once', async () => {
    const server = await startServer();
    const bob = await TestClient.open(server, 'bob');
    const alice = await TestClient.open(server, 'alice');
    expect(
      await bob.errorOf('createChannel', { name: 'bob#alice', type: 'private', members: ['alice'] }),
    ).toBe('invalid_argument');
    expect(await bob.errorOf('createChannel', { name: 'alice#bob', type: 'private' })).toBe(
      'invalid_argument',
    );
    const { channel } = await bob.call<ChannelResult>('createChannel', {
      name: 'alice#bob',
      type: 'private',
      members: ['alice'],
    });
    expect(channel.members.sort()).toEqual(['alice', 'bob']);
    expect(await alice.event('channelAdded')).toMatchObject({
      channel: { name: 'alice#bob', type: 'private' },
    });
    expect(
      await alice.errorOf('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] }),
    ).toBe('channel_exists');
    expect(await bob.errorOf('addMember', { name: 'alice#bob', identity: 'carol' })).toBe('forbidden');
  });

  test('are invisible to everyone else, whatever they try', async () => {
    const server = await startServer();
    const alice = await TestClient.open(server, 'alice');
    const mallory = await TestClient.open(server, 'mallory');
    await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
    await alice.call('sendMessage', { channel: 'alice#bob', clientId: 'c1', body: 'secret' });
    const name = 'alice#bob';
    const attempts: [string, Record<string, unknown>][] = [
      ['getChannel', { name }],
      ['joinChannel', { name }],
      ['leaveChannel', { name }],
      ['addMember', { name, identity: 'mallory' }],
      ['getMessages', { channel: name, pageSize: 10 }],
      ['getMessagesAfter', { channel: name, index: -1 }],
      ['sendMessage', { channel: name, clientId: 'm1', body: 'hi' }],
      ['setReadHorizon', { channel: name, index: 0 }],
      ['typing', { channel: name }],
    ];
    for (const [op, params] of attempts) {
      const reply = await mallory.request(op, params);
      expect([op, reply.error?.code]).toEqual([op, 'channel_not_found']);
      // The refusal is the same as for a name that does not exist.
      const missing = await mallory.request(op, { ...params, name: 'bob#zed', channel: 'bob#zed' });
      expect(missing.error?.code).toBe('channel_not_found');
    }
    expect((await mallory.call<ChannelList>('listPublicChannels')).channels).toEqual([]);
    expect((await mallory.call<ChannelList>('listChannels')).channels).toEqual([]);
    expect(mallory.events).toEqual([]);
    const { messages } = await alice.call<{ messages: unknown[] }>('getMessages', {
      channel: name,
      pageSize: 10,
    });
    expect(messages).toHaveLength(1);
  });

  test('a member who leaves loses sight of it until re-added by the peer', async () => {
    const server = await startServer();
    const alice = await TestClient.open(server, 'alice');
    const bob = await TestClient.open(server, 'bob');
    await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
    await bob.call('leaveChannel', { name: 'alice#bob' });
    expect(await bob.errorOf('getChannel', { name: 'alice#bob' })).toBe('channel_not_found');
    expect(await bob.errorOf('joinChannel', { name: 'alice#bob' })).toBe('channel_not_found');
    await alice.call('addMember', { name: 'alice#bob', identity: 'bob' });
    expect(
      (await bob.call<ChannelResult>('getChannel', { name: 'alice#bob' })).channel.members.sort(),
    ).toEqual(['alice', 'bob']);
  });
});

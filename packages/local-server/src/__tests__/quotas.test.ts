import type { WireChannel } from '@chat/protocol';
import { describe, expect, test } from 'vitest';
import { startServer, TestClient } from './helpers.js';

type Page = { channels: WireChannel[]; next: string | null };

async function names(client: TestClient): Promise<string[]> {
  return (await client.call<Page>('listChannels')).channels.map((channel) => channel.name);
}

/** The error of a request that must fail: its code and message. */
async function refusal(client: TestClient, op: string, params: Record<string, unknown>) {
  const reply = await client.request(op, params);
  if (reply.ok) throw new Error(`${op} succeeded but was expected to fail`);
  return reply.error!;
}

describe('quotas', () => {
  test('one user cannot put another in groups without end: addedByOthersPerHour', async () => {
    const server = await startServer({ quotas: { addedByOthersPerHour: 3 } });
    const mallory = await TestClient.open(server, 'mallory');
    const victim = await TestClient.open(server, 'victim');
    for (let i = 0; i < 3; i++) {
      await mallory.call('createChannel', { name: `spam-${i}`, type: 'group', members: ['victim'] });
    }
    const refused = await refusal(mallory, 'createChannel', {
      name: 'spam-3',
      type: 'group',
      members: ['carol', 'victim'],
    });
    expect(refused.code).toBe('rate_limited');
    expect(refused.message).toContain('"victim"');
    expect(refused.message).not.toContain('"carol"');
    expect(refused.message).toContain('quotas.addedByOthersPerHour');
    // Refused whole: no channel, and carol was not put anywhere.
    expect(await mallory.errorOf('getChannel', { name: 'spam-3' })).toBe('channel_not_found');
    const carol = await TestClient.open(server, 'carol');
    expect(await names(carol)).toEqual([]);

    await mallory.call('createChannel', { name: 'spam-4', type: 'group' });
    expect((await refusal(mallory, 'addMember', { name: 'spam-4', identity: 'victim' })).code).toBe(
      'rate_limited',
    );
    expect(await names(victim)).toEqual(['spam-0', 'spam-1', 'spam-2']);
    // Joining by oneself is not someone else's doing, and a 1:1 channel is not a group.
    await victim.call('joinChannel', { name: 'spam-4' });
    await mallory.call('createChannel', { name: 'mallory#victim', type: 'private', members: ['victim'] });
    expect(await names(victim)).toEqual(['mallory#victim', 'spam-0', 'spam-1', 'spam-2', 'spam-4']);
  });

  test('channelsCreatedPerHour counts channels created, not requests refused', async () => {
    const server = await startServer({ quotas: { channelsCreatedPerHour: 2 } });
    const alice = await TestClient.open(server, 'alice');
    await alice.call('createChannel', { name: 'one', type: 'group' });
    expect(await alice.errorOf('createChannel', { name: 'one', type: 'group' })).toBe('channel_exists');
    await alice.call('createChannel', { name: 'two', type: 'group' });
    const refused = await refusal(alice, 'createChannel', { name: 'three', type: 'group' });
    expect(refused.code).toBe('rate_limited');
    expect(refused.message).toMatch(
      /2 channels an hour .*quotas\.channelsCreatedPerHour.*try again in \d+ min/,
    );
    expect(await alice.errorOf('getChannel', { name: 'three' })).toBe('channel_not_found');
    // Per identity: someone else still can.
    const bob = await TestClient.open(server, 'bob');
    await bob.call('createChannel', { name: 'three', type: 'group' });
  });

  test('maxChannelsPerUser caps memberships however they come, and names who is full', async () => {
    const server = await startServer({ quotas: { maxChannelsPerUser: 2 } });
    const alice = await TestClient.open(server, 'alice');
    const bob = await TestClient.open(server, 'bob');
    await alice.call('createChannel', { name: 'a1', type: 'group', members: ['bob'] });
    await alice.call('createChannel', { name: 'a2', type: 'group' });
    // alice is full: she can neither create nor join.
    expect((await refusal(alice, 'createChannel', { name: 'a3', type: 'group' })).message).toContain(
      'quotas.maxChannelsPerUser',
    );
    await bob.call('createChannel', { name: 'b1', type: 'group' });
    expect((await refusal(alice, 'joinChannel', { name: 'b1' })).code).toBe('forbidden');
    // bob is full now too: nobody can add him, and a createChannel listing him is refused whole.
    const carol = await TestClient.open(server, 'carol');
    await carol.call('createChannel', { name: 'c1', type: 'group' });
    const added = await refusal(carol, 'addMember', { name: 'c1', identity: 'bob' });
    expect(added.code).toBe('forbidden');
    expect(added.message).toContain('"bob" is already in 2 channels');
    const created = await refusal(carol, 'createChannel', {
      name: 'c2',
      type: 'group',
      members: ['dave', 'bob', 'alice'],
    });
    expect(created.code).toBe('forbidden');
    expect(created.message).toContain('"bob", "alice" already in 2 channels');
    expect(await carol.errorOf('getChannel', { name: 'c2' })).toBe('channel_not_found');
    // Leaving one makes room.
    await alice.call('leaveChannel', { name: 'a2' });
    await alice.call('joinChannel', { name: 'b1' });
    expect(await names(alice)).toEqual(['a1', 'b1']);
  });

  test('maxMembersPerChannel caps a channel however members come', async () => {
    const server = await startServer({ quotas: { maxMembersPerChannel: 2 } });
    const alice = await TestClient.open(server, 'alice');
    const bob = await TestClient.open(server, 'bob');
    expect(
      (await refusal(alice, 'createChannel', { name: 'big', type: 'group', members: ['bob', 'carol'] })).code,
    ).toBe('forbidden');
    await alice.call('createChannel', { name: 'room', type: 'group', members: ['bob'] });
    const joined = await refusal(await TestClient.open(server, 'carol'), 'joinChannel', { name: 'room' });
    expect(joined).toMatchObject({ code: 'forbidden' });
    expect(joined.message).toContain('quotas.maxMembersPerChannel');
    expect((await refusal(bob, 'addMember', { name: 'room', identity: 'dave' })).code).toBe('forbidden');
    const room = await alice.call<{ channel: WireChannel }>('getChannel', { name: 'room' });
    expect(room.channel.members).toEqual(['alice', 'bob']);
  });

  test('quotas: false lifts every limit; bad quota values are refused at start', async () => {
    const server = await startServer({ quotas: false });
    const alice = await TestClient.open(server, 'alice');
    for (let i = 0; i < 120; i++) await alice.call('createChannel', { name: `r${i}`, type: 'group' });
    await expect(startServer({ quotas: { maxChannelsPerUser: 0 } })).rejects.toThrow(
      /quotas\.maxChannelsPerUser` must be a positive integer.*got 0/,
    );
    await expect(startServer({ quotas: { channelsCreatedPerHour: 1.5 } })).rejects.toThrow(RangeError);
    await expect(
      startServer({ quotas: { maxChannelPerUser: 5 } as unknown as { maxChannelsPerUser: number } }),
    ).rejects.toThrow(/unknown quota `maxChannelPerUser`; expected maxChannelsPerUser/);
    await startServer({ quotas: { maxMembersPerChannel: Number.POSITIVE_INFINITY } });
  });
});

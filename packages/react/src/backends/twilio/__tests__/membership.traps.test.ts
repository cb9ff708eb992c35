// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import type { ContractUser } from '../../__tests__/contract/ContractUser.js';
import { eventsOf, flavors, rejection, type SdkClient, sharedEmulator } from './emulator.js';

// Channels and membership on the real SDKs against the Twilio emulator. `lagSyncEvents` delays
// the Sync updates as a slow network would: the SDKs answer join() before they see the membership.
const world = sharedEmulator();

function group(user: ContractUser, name: string) {
  return user.backend.createChannel({
    name,
    type: 'group',
    friendlyName: name,
    description: 'd',
    members: [],
  });
}

describe.each(flavors)('$name on the real SDK: membership', (flavor) => {
  it('creates a channel its creator is a member of at once: addMember, send and a horizon move work right away, announced once', async () => {
    const alice = await world.user(flavor, world.unique('alice'));
    const bob = await world.local(world.unique('bob'));
    world.server.twilio!.lagSyncEvents(300);
    const name = world.unique('room');
    const created = await group(alice, name);
    expect(created).toMatchObject({ name, members: [alice.identity], unreadCount: 0 });
    await alice.backend.addMember(name, bob.identity);
    const sent = await alice.backend.sendMessage(name, { clientId: 'c1', body: 'hello', file: null });
    expect(await alice.backend.setReadHorizon(name, sent.index)).toEqual({ unreadCount: 0 });
    await bob.waitFor('messageAdded', (e) => e.message.sid === sent.sid);
    // The SDK's own announcement of the new channel arrived while createChannel waited for it.
    expect(eventsOf(alice, 'channelAdded').filter((e) => e.channel.name === name)).toEqual([]);
  });

  it('leaves a channel right after creating it (the SDK leave() does nothing until it sees the membership)', async () => {
    const alice = await world.user(flavor, world.unique('alice'));
    const carol = await world.local(world.unique('carol'));
    world.server.twilio!.lagSyncEvents(300);
    const name = world.unique('room');
    await group(alice, name);
    await alice.backend.addMember(name, carol.identity);
    await alice.backend.leaveChannel(name);
    expect((await carol.backend.getChannel(name))?.members).toEqual([carol.identity]);
    expect((await alice.backend.listChannels()).map((c) => c.name)).not.toContain(name);
    expect(eventsOf(alice, 'channelRemoved')).toEqual([{ type: 'channelRemoved', name }]);
  });

  it('lets a user into a group with the newest message read, a number of unread, and out again at once', async () => {
    const alice = await world.local(world.unique('alice'));
    const bob = await world.user(flavor, world.unique('bob'));
    const name = world.unique('room');
    await group(alice, name);
    const sent = [];
    for (const body of ['a', 'b', 'c']) {
      sent.push(await alice.backend.sendMessage(name, { clientId: body, body, file: null }));
    }
    // Conversations has no public channels: a member adds you.
    if (!flavor.publicGroups) {
      expect(await bob.backend.getChannel(name)).toBeNull();
      expect((await rejection(bob.backend.joinChannel(name))).code).toBe('channel_not_found');
      await alice.backend.addMember(name, bob.identity);
      await bob.waitFor('channelAdded', (e) => e.channel.name === name);
    }
    world.server.twilio!.lagSyncEvents(300);
    const joined = await bob.backend.joinChannel(name);
    expect(joined).toMatchObject({
      members: [alice.identity, bob.identity].sort(),
      lastReadIndex: sent.at(-1)?.index,
      unreadCount: 0,
    });
    const reply = await bob.backend.sendMessage(name, { clientId: 'r', body: 'hi', file: null });
    await alice.waitFor('messageAdded', (e) => e.message.sid === reply.sid);
    await bob.backend.leaveChannel(name);
    await alice.waitFor('memberLeft', (e) => e.channel === name && e.identity === bob.identity);
    expect((await alice.backend.getChannel(name))?.members).toEqual([alice.identity]);
  });

  it('maps members joining, leaving and typing, both ways', async () => {
    const alice = await world.local(world.unique('alice'));
    const bob = await world.user(flavor, world.unique('bob'));
    const name = [alice.identity, bob.identity].sort().join('#');
    await alice.backend.createChannel({
      name,
      type: 'private',
      friendlyName: name,
      description: '',
      members: [bob.identity],
    });
    const added = await bob.waitFor('channelAdded', (e) => e.channel.name === name);
    expect(added.channel).toMatchObject({ type: 'private', members: [alice.identity, bob.identity].sort() });
    bob.backend.typing(name);
    await alice.waitFor('typingStarted', (e) => e.channel === name && e.identity === bob.identity);
    alice.backend.typing(name);
    await bob.waitFor('typingStarted', (e) => e.channel === name && e.identity === alice.identity);
    await alice.backend.leaveChannel(name);
    await bob.waitFor('memberLeft', (e) => e.channel === name && e.identity === alice.identity);
    await bob.backend.addMember(name, alice.identity);
    await bob.waitFor('memberJoined', (e) => e.channel === name && e.identity === alice.identity);
  });
});

describe('twilioChat on the real SDK: refusals with the Conversations codes', () => {
  const flavor = flavors.find((f) => f.name === 'twilioChat')!;

  it('matches a taken name and an existing member on HTTP 409 whatever the code', async () => {
    const alice = await world.user(flavor, world.unique('alice'));
    const bob = await world.local(world.unique('bob'));
    const name = world.unique('room');
    await group(alice, name);
    await alice.backend.addMember(name, bob.identity);
    // Twilio serves twilio-chat 6 from its Conversations endpoints: 50353/50433, not 50307/50404.
    world.server.twilio!.answerChatWithConversationsCodes(true);
    expect((await rejection(group(alice, name))).code).toBe('channel_exists');
    await alice.backend.addMember(name, bob.identity);
    expect(await alice.backend.getChannel(world.unique('nothing'))).toBeNull();
  });
});

describe('twilioConversations on the real SDK: a lookup Twilio answers without a conversation', () => {
  const flavor = flavors.find((f) => f.name === 'twilioConversations')!;

  it('is channel_not_found, not backend', async () => {
    const clients: SdkClient[] = [];
    const alice = await world.user(flavor, world.unique('alice'), clients);
    // A fake, because the server cannot cause it: Twilio's lookup by unique name answers with no
    // conversation sid, or one whose Sync objects are gone (a deleted conversation); the SDK then
    // resolves its lookup to null and throws a plain Error without status or code. The emulator
    // deletes no conversation, so only the SDK's internal lookup is stubbed: the public method,
    // and the Error it throws, are the SDK's own.
    const entity: { getConversationByUniqueName(name: string): Promise<unknown> } = Reflect.get(
      clients[0]!,
      '_conversationsEntity',
    );
    const lookup = vi.spyOn(entity, 'getConversationByUniqueName').mockResolvedValue(null);
    expect(await alice.backend.getChannel('gone')).toBeNull();
    const error = await rejection(alice.backend.joinChannel('gone'));
    expect(error.code).toBe('channel_not_found');
    expect(lookup).toHaveBeenCalledWith('gone');
    lookup.mockRestore();
  });
});

// @vitest-environment node
import { Client as ChatClient } from 'twilio-chat';
import { describe, expect, it, vi } from 'vitest';
import type { ContractUser } from '../../__tests__/contract/ContractUser.js';
import { eventsOf, flavors, rejection, type SdkClient, sharedEmulator } from './emulator.js';

// Messages, unread counts and media on the real SDKs against the Twilio emulator, which answers
// like a Twilio service with its default 5 s `http_cache_interval` (the SDKs cache GETs 500 ms).
const world = sharedEmulator();

/** A private channel of a local user (its creator) and `peer`, once `peer` has seen it. */
async function privateChannel(creator: ContractUser, peer: ContractUser): Promise<string> {
  const name = [creator.identity, peer.identity].sort().join('#');
  await creator.backend.createChannel({
    name,
    type: 'private',
    friendlyName: name,
    description: '',
    members: [peer.identity],
  });
  await peer.waitFor('channelAdded', (e) => e.channel.name === name);
  return name;
}

const text = (clientId: string, body = clientId) => ({ clientId, body, file: null });

describe.each(flavors)('$name on the real SDK: messages and counts', (flavor) => {
  it('refreshes the unread count after each message and after a read, past the SDK cache', async () => {
    const alice = await world.local(world.unique('alice'));
    const bob = await world.user(flavor, world.unique('bob'));
    const name = await privateChannel(alice, bob);
    for (const [i, body] of ['a', 'b', 'c'].entries()) {
      await alice.backend.sendMessage(name, text(body));
      await bob.waitFor('readHorizonChanged', (e) => e.channel === name && e.unreadCount === i + 1);
    }
    const first = (await bob.backend.getMessages(name, { pageSize: 3 })).messages[0]!;
    expect(await bob.backend.setReadHorizon(name, first.index)).toEqual({ unreadCount: 2 });
    expect(await bob.backend.getChannel(name)).toMatchObject({ lastReadIndex: first.index, unreadCount: 2 });
    await alice.backend.sendMessage(name, text('d'));
    await bob.waitFor('readHorizonChanged', (e) => e.channel === name && e.unreadCount === 3);
  });

  it('counts every message as unread for a member without a horizon (Twilio: null, "possibly all")', async () => {
    const alice = await world.local(world.unique('alice'));
    const bob = await world.user(flavor, world.unique('bob'));
    const name = world.unique('room');
    await alice.backend.createChannel({
      name,
      type: 'group',
      friendlyName: name,
      description: '',
      members: [],
    });
    await alice.backend.sendMessage(name, text('one'));
    await alice.backend.addMember(name, bob.identity);
    await alice.backend.sendMessage(name, text('two'));
    await bob.waitFor('channelAdded', (e) => e.channel.name === name);
    expect(await bob.backend.getChannel(name)).toMatchObject({ lastReadIndex: null, unreadCount: 2 });
  });

  it("reports a horizon moved in the user's other tab as readHorizonChanged", async () => {
    const alice = await world.local(world.unique('alice'));
    const bob = await world.user(flavor, world.unique('bob'));
    const name = await privateChannel(alice, bob);
    for (const body of ['a', 'b', 'c']) await alice.backend.sendMessage(name, text(body));
    const otherTab = await world.user(flavor, bob.identity);
    const first = (await otherTab.backend.getMessages(name, { pageSize: 3 })).messages[0]!;
    await otherTab.backend.setReadHorizon(name, first.index);
    await bob.waitFor('readHorizonChanged', (e) => e.lastReadIndex === first.index && e.unreadCount === 2);
  });

  it('walks every page of the subscribed channels', async () => {
    const alice = await world.local(world.unique('alice'));
    const identity = world.unique('bob');
    const names: string[] = [];
    for (let i = 0; i < 60; i++) {
      const name = world.unique('many');
      names.push(name);
      await alice.backend.createChannel({
        name,
        type: 'group',
        friendlyName: name,
        description: '',
        members: [identity],
      });
    }
    const bob = await world.user(flavor, identity);
    expect((await bob.backend.listChannels()).map((c) => c.name).sort()).toEqual(names.sort());
  });

  it('joins a send still in flight instead of sending twice, and announces it to the sender', async () => {
    const alice = await world.local(world.unique('alice'));
    const bob = await world.user(flavor, world.unique('bob'));
    const name = await privateChannel(alice, bob);
    const [a, b] = await Promise.all([
      bob.backend.sendMessage(name, text('double', 'click')),
      bob.backend.sendMessage(name, text('double', 'click')),
    ]);
    expect(a.sid).toBe(b.sid);
    await bob.waitFor('messageAdded', (e) => e.message.sid === a.sid);
    // The local protocol shows Twilio's mutation id as clientId, not the adapter's attribute.
    const stored = (await alice.backend.getMessages(name, { pageSize: 10 })).messages;
    expect(stored.map((m) => m.body)).toEqual(['click']);
  });

  it('refuses bad input before anything reaches Twilio', async () => {
    const alice = await world.local(world.unique('alice'));
    const bob = await world.user(flavor, world.unique('bob'));
    const name = await privateChannel(alice, bob);
    const bad = [
      bob.backend.sendMessage(name, text('')),
      bob.backend.sendMessage(name, { clientId: 'c', body: '   ', file: null }),
      bob.backend.sendMessage(name, { clientId: 'c', body: 'x'.repeat(33 * 1024), file: null }),
      bob.backend.setReadHorizon(name, -2),
      bob.backend.createChannel({
        name: `${bob.identity}#x`,
        type: 'private',
        friendlyName: '',
        description: '',
        members: [],
      }),
    ];
    for (const call of bad) expect((await rejection(call)).code).toBe('invalid_argument');
    expect((await alice.backend.getMessages(name, { pageSize: 10 })).messages).toEqual([]);
  });

  it('sends a file whose type the browser did not know (empty contentType) as application/octet-stream', async () => {
    const alice = await world.local(world.unique('alice'));
    const bob = await world.user(flavor, world.unique('bob'));
    const name = await privateChannel(alice, bob);
    const sent = await bob.backend.sendMessage(name, {
      clientId: 'blob',
      body: 'raw bytes',
      file: { data: new Blob([new Uint8Array([1, 2, 3])]), filename: 'data.bin', contentType: '' },
    });
    expect(sent.media).toMatchObject({
      filename: 'data.bin',
      contentType: 'application/octet-stream',
      size: 3,
    });
    const received = await alice.waitFor('messageAdded', (e) => e.message.sid === sent.sid);
    const url = await received.message.media!.url();
    expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('fails a call made while offline with network (the store retries those), not backend', async () => {
    const alice = await world.local(world.unique('alice'));
    const bob = await world.user(flavor, world.unique('bob'));
    const name = await privateChannel(alice, bob);
    const faults = world.server.twilio!;
    faults.hangNewConnections(true);
    faults.dropConnections();
    await bob.waitFor('connectionStateChanged', (e) => e.state !== 'connected');
    // Queued by twilsock until a connection is up; this one fails for good, and drops the queue.
    const sending = rejection(bob.backend.sendMessage(name, text('offline')));
    const looking = rejection(bob.backend.getChannel(world.unique('elsewhere')));
    faults.refuseInit(20101);
    faults.hangNewConnections(false);
    faults.dropConnections();
    expect((await sending).code).toBe('network');
    expect((await looking).code).toBe('network');
  });
});

describe('twilioChat on the real SDK: a send whose answer is lost', () => {
  const flavor = flavors.find((f) => f.name === 'twilioChat')!;

  it('does not send it again when retried with the same clientId', async () => {
    const alice = await world.local(world.unique('alice'));
    const clients: SdkClient[] = [];
    const bob = await world.user(flavor, world.unique('bob'), clients);
    const name = await privateChannel(alice, bob);
    // A fake, because the server cannot cause it: the message reaches the server and is stored,
    // then the answer is lost (the connection drops between the two). The real send runs; only
    // its answer is replaced by the SDK's error for a connection cut mid-request. (sendOnce is
    // shared: one SDK shows it for both.)
    const client = clients[0];
    if (!(client instanceof ChatClient)) throw new Error('a twilio-chat client');
    const channel = await client.getChannelByUniqueName(name);
    const send = channel.sendMessage.bind(channel);
    vi.spyOn(channel, 'sendMessage').mockImplementationOnce(async (message, attributes) => {
      await send(message, attributes);
      throw new Error('disconnected');
    });
    expect((await rejection(bob.backend.sendMessage(name, text('retry-me', 'hello')))).code).toBe('network');
    const retried = await bob.backend.sendMessage(name, text('retry-me', 'hello'));
    expect(retried).toMatchObject({ clientId: 'retry-me', body: 'hello' });
    const stored = (await alice.backend.getMessages(name, { pageSize: 10 })).messages;
    expect(stored.map((m) => m.body)).toEqual(['hello']);
    expect(eventsOf(bob, 'messageAdded').filter((e) => e.message.sid === retried.sid)).toHaveLength(1);
  });
});

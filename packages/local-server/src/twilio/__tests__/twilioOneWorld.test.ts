import type { WireChannel, WireMessage } from '@chat/protocol';
import { describe, expect, test } from 'vitest';
import { startServer, TestClient, tokenFor } from '../../__tests__/helpers.js';
import { connectSdk, nextEvent, until } from './sdkDrivers.js';

const fast = { twilio: { httpCacheIntervalMs: 0, subscriptionDeliveryMs: 500 } };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

async function unreadSeenLocally(client: TestClient, name: string): Promise<number | null> {
  const { channel } = await client.call<{ channel: WireChannel }>('getChannel', { name });
  return channel.unreadCount;
}

describe.each(['conversations', 'chat'] as const)('one world: the local protocol and the %s SDK', (sdk) => {
  test('exchange messages both ways in the same channel, and agree on unread counts', async () => {
    const server = await startServer(fast);
    const alice = await TestClient.open(server, 'alice');
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    // Bob's other tab speaks the local protocol: the same user through both doors.
    const bobLocal = await TestClient.open(server, 'bob');
    await alice.call('createChannel', { name: 'room', type: 'group', description: 'd', members: ['bob'] });
    const bobs = bob.channelOf(
      (await nextEvent(bob, sdk === 'conversations' ? 'conversationJoined' : 'channelJoined'))[0],
    );
    expect(bobs.uniqueName).toBe('room');
    await bobs.streams();

    await alice.call('sendMessage', { channel: 'room', clientId: 'a1', body: 'from the local protocol' });
    const [received] = await nextEvent(bob, 'messageAdded');
    expect(received).toMatchObject({ index: 0, author: 'alice', body: 'from the local protocol' });

    await bobs.send('from the Twilio SDK', { clientId: 'b1' });
    const event = await alice.event('messageAdded', (e) => (e.message as WireMessage).author === 'bob');
    expect(event.message).toMatchObject({
      index: 1,
      body: 'from the Twilio SDK',
      attributes: { clientId: 'b1' },
    });

    for (let i = 0; i < 3; i++)
      await alice.call('sendMessage', { channel: 'room', clientId: `a${i + 2}`, body: `m ${i}` });
    await bobs.setLastReadIndex(2);
    expect([await bobs.unreadCount(), await unreadSeenLocally(bobLocal, 'room')]).toEqual([2, 2]);
    await bobLocal.call('setReadHorizon', { channel: 'room', index: 4 });
    expect([await bobs.unreadCount(), await unreadSeenLocally(bobLocal, 'room')]).toEqual([0, 0]);
    await until(() => bobs.lastReadIndex === 4, 'the horizon set locally to reach the SDK');
    expect(await bobs.memberHorizon('alice')).toBe(4);
  });

  test('a channel created with the SDK reaches local members, with its type, and media crosses both ways', async () => {
    const server = await startServer(fast);
    const alice = await connectSdk(sdk, server, 'alice', tokenFor('alice'));
    const bobLocal = await TestClient.open(server, 'bob');
    const pair = await alice.create('alice#bob', { type: 'private', description: '' }, true);
    await pair.join();
    await until(() => pair.status === 'joined', 'alice joined');
    await pair.add('bob');
    await pair.streams();
    const added = await bobLocal.event('channelAdded');
    expect(added.channel).toMatchObject({ name: 'alice#bob', type: 'private', members: ['alice', 'bob'] });

    await pair.sendMedia('image/png', PNG, 'dot.png');
    const { message } = (await bobLocal.event('messageAdded')) as unknown as { message: WireMessage };
    expect(message.media).toMatchObject({ contentType: 'image/png', size: PNG.length });
    const { url } = await bobLocal.call<{ url: string }>('mediaUrl', { sid: message.media!.sid });
    expect(Buffer.from(await (await fetch(url)).arrayBuffer())).toEqual(PNG);

    const upload = await fetch(
      `${server.url}/media?channel=${encodeURIComponent('alice#bob')}&filename=b.png`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokenFor('bob')}`, 'Content-Type': 'image/png' },
        body: PNG,
      },
    );
    const { media } = (await upload.json()) as { media: { sid: string } };
    await bobLocal.call('sendMessage', {
      channel: 'alice#bob',
      clientId: 'm',
      body: 'a picture',
      mediaSid: media.sid,
    });
    await nextEvent(alice, 'messageAdded', (args) => (args[0] as { author: string }).author === 'bob');
    const [last] = (await pair.messages(1)).items;
    // twilio-chat's Message.body is null for media messages (its media messages have no text).
    expect([last!.body, last!.mediaSid]).toEqual([sdk === 'chat' ? null : 'a picture', media.sid]);
    expect(Buffer.from(await (await fetch((await last!.mediaUrl())!)).arrayBuffer())).toEqual(PNG);
  });

  test('edits, deletions, renames and removals made through the local protocol reach the SDK live', async () => {
    const server = await startServer(fast);
    const alice = await TestClient.open(server, 'alice');
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    await alice.call('createChannel', { name: 'room', type: 'group', description: 'd', members: ['bob'] });
    const bobs = bob.channelOf(
      (await nextEvent(bob, sdk === 'conversations' ? 'conversationJoined' : 'channelJoined'))[0],
    );
    await bobs.streams();
    await alice.call('sendMessage', { channel: 'room', clientId: 'a1', body: 'helo' });
    await alice.call('sendMessage', { channel: 'room', clientId: 'a2', body: 'oops' });
    await nextEvent(bob, 'messageAdded', ([m]) => (m as { index: number }).index === 1);

    await alice.call('editMessage', { channel: 'room', index: 0, body: 'hello' });
    const [updated] = await nextEvent(bob, 'messageUpdated');
    const edit = updated as { message: { body: string; lastUpdatedBy: string }; updateReasons: string[] };
    expect(edit.message).toMatchObject({ body: 'hello', lastUpdatedBy: 'alice' });
    expect(edit.updateReasons).toContain('body');

    await alice.call('deleteMessage', { channel: 'room', index: 1 });
    const [removed] = await nextEvent(bob, 'messageRemoved');
    expect(removed).toMatchObject({ index: 1, author: 'alice' });

    await alice.call('updateChannel', { name: 'room', friendlyName: 'The room', description: 'ours' });
    const [renamed] = await nextEvent(
      bob,
      sdk === 'conversations' ? 'conversationUpdated' : 'channelUpdated',
      ([e]) => (e as { updateReasons: string[] }).updateReasons.includes('friendlyName'),
    );
    const channel = (
      renamed as { [k: string]: { friendlyName: string; attributes: { description: string } } }
    )[sdk === 'conversations' ? 'conversation' : 'channel']!;
    expect([channel.friendlyName, channel.attributes.description]).toEqual(['The room', 'ours']);

    await alice.call('removeMember', { name: 'room', identity: 'bob' });
    await nextEvent(bob, sdk === 'conversations' ? 'conversationLeft' : 'channelLeft');
  });
});

// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatBackend } from '../../../core/backend.js';
import { ChatError } from '../../../core/errors.js';
import type { FakeChannel } from './fakes/FakeChannel.js';
import type { FakeChatClient } from './fakes/FakeChatClient.js';
import type { FakeConversation } from './fakes/FakeConversation.js';
import type { FakeConversationsClient } from './fakes/FakeConversationsClient.js';
import { FakeService, FakeTwilioError } from './fakes/FakeService.js';
import { connectFake, eventsOf, flavors, settle } from './flavors.js';

const open: ChatBackend[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((backend) => backend.shutdown()));
});

describe.each(flavors)('$name: channels and messages', (flavor) => {
  async function setup(identities: string[], options: { indexStep?: number } = {}) {
    const service = new FakeService(flavor.codes, options);
    const users = [];
    for (const identity of identities) {
      const connected = await connectFake(flavor, service, identity);
      open.push(connected.user.backend);
      users.push(connected);
    }
    return { service, users };
  }

  it('walks every page of subscribed channels (the fakes page by 2)', async () => {
    const { users } = await setup(['alice']);
    const alice = users[0]?.user;
    if (!alice) throw new Error('setup');
    for (const name of ['c1', 'c2', 'c3', 'c4', 'c5']) {
      await alice.backend.createChannel({
        name,
        type: 'group',
        friendlyName: name,
        description: '',
        members: [],
      });
    }
    expect((await alice.backend.listChannels()).map((c) => c.name).sort()).toEqual([
      'c1',
      'c2',
      'c3',
      'c4',
      'c5',
    ]);
  });

  it('creates a private channel named by the sorted pair, typed in attributes, with the peer added', async () => {
    const { service, users } = await setup(['zed', 'amy']);
    const zed = users[0]?.user;
    if (!zed) throw new Error('setup');
    await zed.backend.createChannel({
      name: 'amy#zed',
      type: 'private',
      friendlyName: 'x',
      description: 'dm',
      members: ['amy'],
    });
    const stored = service.byName('amy#zed');
    expect(stored?.attributes).toEqual({ type: 'private', description: 'dm' });
    expect(stored?.isPrivate).toBe(flavor.name === 'twilioChat');
    expect([...(stored?.members.keys() ?? [])].sort()).toEqual(['amy', 'zed']);
    const error = await zed.backend
      .createChannel({
        name: 'amy#zed',
        type: 'private',
        friendlyName: 'x',
        description: '',
        members: ['amy'],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatError);
    expect((error as ChatError).code).toBe('channel_exists');
    expect((error as ChatError).cause).toBeInstanceOf(FakeTwilioError);
    expect(((error as ChatError).cause as FakeTwilioError).body.code).toBe(flavor.codes.uniqueNameTaken);
  });

  it('never reports a null unread count for a member: unset horizons count every message', async () => {
    const { users } = await setup(['ann', 'ben']);
    const [ann, ben] = users.map((u) => u.user);
    if (!ann || !ben) throw new Error('setup');
    await ann.backend.createChannel({
      name: 'room',
      type: 'group',
      friendlyName: 'room',
      description: '',
      members: [],
    });
    await ann.backend.sendMessage('room', { clientId: 'c1', body: 'one', file: null });
    await ann.backend.addMember('room', 'ben');
    await ann.backend.sendMessage('room', { clientId: 'c2', body: 'two', file: null });
    await settle();
    const channel = await ben.backend.getChannel('room');
    expect(channel).toMatchObject({ lastReadIndex: null, unreadCount: 2 });
  });

  it('sets the horizon on join, to the newest message', async () => {
    const { service, users } = await setup(['ann', 'ben'], { indexStep: 4 });
    const [ann, ben] = users.map((u) => u.user);
    if (!ann || !ben) throw new Error('setup');
    await ann.backend.createChannel({
      name: 'room',
      type: 'group',
      friendlyName: 'room',
      description: '',
      members: [],
    });
    for (const id of ['a', 'b', 'c'])
      await ann.backend.sendMessage('room', { clientId: id, body: id, file: null });
    if (flavor.name === 'twilioConversations') await ann.backend.addMember('room', 'ben');
    const joined = await ben.backend.joinChannel('room');
    expect(joined).toMatchObject({ lastReadIndex: 8, unreadCount: 0 });
    expect(service.byName('room')?.members.get('ben')).toBe(8);
  });

  it('refreshes the unread count from Twilio on each message of others, ignoring index gaps', async () => {
    const { users } = await setup(['ann', 'ben'], { indexStep: 7 });
    const [ann, ben] = users.map((u) => u.user);
    if (!ann || !ben) throw new Error('setup');
    await ann.backend.createChannel({
      name: 'ann#ben',
      type: 'private',
      friendlyName: '',
      description: '',
      members: ['ben'],
    });
    await ben.waitFor('channelAdded');
    await ben.backend.setReadHorizon('ann#ben', -1);
    for (const id of ['a', 'b'])
      await ann.backend.sendMessage('ann#ben', { clientId: id, body: id, file: null });
    const second = await ben.waitFor('readHorizonChanged', (e) => e.unreadCount === 2);
    expect(second).toMatchObject({ channel: 'ann#ben', unreadCount: 2 });
    // The author's count is not refreshed per message: their own horizon moved with the send.
    expect(eventsOf(ann, 'readHorizonChanged').every((e) => e.unreadCount === 0)).toBe(true);
  });

  it('reports a horizon moved in another tab as readHorizonChanged with the fetched count', async () => {
    const { service, users } = await setup(['ann', 'ben']);
    const [ann, ben] = users.map((u) => u.user);
    if (!ann || !ben) throw new Error('setup');
    await ann.backend.createChannel({
      name: 'ann#ben',
      type: 'private',
      friendlyName: '',
      description: '',
      members: ['ben'],
    });
    for (const id of ['a', 'b', 'c'])
      await ann.backend.sendMessage('ann#ben', { clientId: id, body: id, file: null });
    await settle();
    const otherTab = await connectFake(flavor, service, 'ben');
    open.push(otherTab.user.backend);
    await otherTab.user.backend.setReadHorizon('ann#ben', 0);
    await ben.waitFor('readHorizonChanged', (e) => e.lastReadIndex === 0 && e.unreadCount === 2);
  });

  it('does not resend a message whose first send reached Twilio but failed on the way back', async () => {
    const { service, users } = await setup(['ann', 'ben']);
    const [ann] = users;
    if (!ann) throw new Error('setup');
    await ann.user.backend.createChannel({
      name: 'ann#ben',
      type: 'private',
      friendlyName: '',
      description: '',
      members: ['ben'],
    });
    const stored = service.byName('ann#ben');
    if (!stored) throw new Error('setup');
    const send = service.send.bind(service);
    const spy = vi.spyOn(service, 'send').mockImplementationOnce((...args) => {
      send(...args);
      throw new FakeTwilioError(503, 0, 'connection lost');
    });
    const message = { clientId: 'retry-me', body: 'hello', file: null };
    await expect(ann.user.backend.sendMessage('ann#ben', message)).rejects.toBeInstanceOf(ChatError);
    const retried = await ann.user.backend.sendMessage('ann#ben', message);
    expect(retried).toMatchObject({ clientId: 'retry-me', body: 'hello' });
    expect(stored.messages.filter((m) => m.attributes.clientId === 'retry-me')).toHaveLength(1);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('joins a send still in flight instead of sending twice', async () => {
    const { service, users } = await setup(['ann', 'ben']);
    const ann = users[0]?.user;
    if (!ann) throw new Error('setup');
    await ann.backend.createChannel({
      name: 'ann#ben',
      type: 'private',
      friendlyName: '',
      description: '',
      members: ['ben'],
    });
    const message = { clientId: 'double', body: 'click', file: null };
    const [a, b] = await Promise.all([
      ann.backend.sendMessage('ann#ben', message),
      ann.backend.sendMessage('ann#ben', message),
    ]);
    expect(a.sid).toBe(b.sid);
    expect(service.byName('ann#ben')?.messages).toHaveLength(1);
  });

  it('maps members joining, leaving and typing', async () => {
    const { users } = await setup(['ann', 'ben']);
    const [ann, ben] = users.map((u) => u.user);
    if (!ann || !ben) throw new Error('setup');
    await ann.backend.createChannel({
      name: 'ann#ben',
      type: 'private',
      friendlyName: '',
      description: '',
      members: ['ben'],
    });
    await ann.waitFor('memberJoined', (e) => e.identity === 'ben' && e.channel === 'ann#ben');
    ben.backend.typing('ann#ben');
    await ann.waitFor('typingStarted', (e) => e.identity === 'ben');
    await ben.backend.leaveChannel('ann#ben');
    await ann.waitFor('memberLeft', (e) => e.identity === 'ben');
    expect(eventsOf(ben, 'channelRemoved')).toEqual([{ type: 'channelRemoved', name: 'ann#ben' }]);
  });

  it('refuses bad input before anything reaches Twilio', async () => {
    const { service, users } = await setup(['ann']);
    const ann = users[0]?.user;
    if (!ann) throw new Error('setup');
    await ann.backend.createChannel({
      name: 'room',
      type: 'group',
      friendlyName: '',
      description: '',
      members: [],
    });
    const bad = [
      ann.backend.sendMessage('room', { clientId: '', body: 'x', file: null }),
      ann.backend.sendMessage('room', { clientId: 'c', body: '   ', file: null }),
      ann.backend.sendMessage('room', { clientId: 'c', body: 'x'.repeat(33 * 1024), file: null }),
      ann.backend.setReadHorizon('room', -2),
      ann.backend.createChannel({
        name: 'ann#x',
        type: 'private',
        friendlyName: '',
        description: '',
        members: [],
      }),
    ];
    for (const call of bad) await expect(call).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(service.byName('room')?.messages).toHaveLength(0);
    expect(service.byName('ann#x')).toBeUndefined();
  });
});

describe('twilioConversations: media', () => {
  it('sends through prepareMessage().addMedia() and maps attachedMedia[0] with a temporary url()', async () => {
    const flavor = flavors[0];
    if (!flavor) throw new Error('flavors');
    const service = new FakeService(flavor.codes);
    const { user, client } = await connectFake(flavor, service, 'ann');
    open.push(user.backend);
    await user.backend.createChannel({
      name: 'room',
      type: 'group',
      friendlyName: '',
      description: '',
      members: [],
    });
    const conversation = (client as FakeConversationsClient).conversation(
      service.byName('room')?.sid ?? '',
    ) as FakeConversation;
    const prepare = vi.spyOn(conversation, 'prepareMessage');
    const data = new Blob(['%PDF'], { type: 'application/pdf' });
    const sent = await user.backend.sendMessage('room', {
      clientId: 'm',
      body: 'the doc',
      file: { data, filename: 'doc.pdf', contentType: 'application/pdf' },
    });
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(sent).toMatchObject({
      body: 'the doc',
      media: { filename: 'doc.pdf', contentType: 'application/pdf', size: 4 },
    });
    expect(await sent.media?.url()).toMatch(/^data:application\/pdf;base64,/);
  });
});

describe('twilioChat: media', () => {
  it('sends a FormData with a file field and keeps the text in attributes', async () => {
    const flavor = flavors[1];
    if (!flavor) throw new Error('flavors');
    const service = new FakeService(flavor.codes);
    const { user, client } = await connectFake(flavor, service, 'ann');
    open.push(user.backend);
    await user.backend.createChannel({
      name: 'room',
      type: 'group',
      friendlyName: '',
      description: '',
      members: [],
    });
    const channel = (client as FakeChatClient).channel(service.byName('room')?.sid ?? '') as FakeChannel;
    const sendMessage = vi.spyOn(channel, 'sendMessage');
    const sent = await user.backend.sendMessage('room', {
      clientId: 'm',
      body: 'a picture',
      file: { data: new Blob(['img']), filename: 'p.png', contentType: 'image/png' },
    });
    const [payload, attributes] = sendMessage.mock.calls[0] ?? [];
    expect(payload).toBeInstanceOf(FormData);
    expect((payload as FormData).get('file')).toBeInstanceOf(Blob);
    expect(attributes).toEqual({ clientId: 'm', body: 'a picture' });
    expect(sent).toMatchObject({ body: 'a picture', media: { filename: 'p.png', size: 3 } });
    expect(await sent.media?.url()).toMatch(/^data:/);
  });
});

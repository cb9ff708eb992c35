import type { Client as ConversationsClient } from '@twilio/conversations';
import type { Client as ChatClient } from 'twilio-chat';
import { describe, expect, test } from 'vitest';
import { startServer, TestClient, tokenFor } from '../../__tests__/helpers.js';
import { connectSdk, newClient, nextEvent, until } from './sdkDrivers.js';

const fast = { twilio: { httpCacheIntervalMs: 0, subscriptionDeliveryMs: 500 } };

describe.each(['conversations', 'chat'] as const)('Twilio emulator faults, seen by the %s SDK', (sdk) => {
  test('refuseInit answers init with 401 and the chosen code until reset', async () => {
    const server = await startServer(fast);
    const faults = server.twilio!;
    for (const code of [20104, 20101] as const) {
      faults.refuseInit(code);
      const client = newClient(sdk, server, tokenFor('alice'));
      const errors: Array<{ errorCode: number | null }> = [];
      (
        client as unknown as {
          on(name: string, listener: (error: { errorCode: number | null }) => void): void;
        }
      ).on('connectionError', (error) => errors.push(error));
      // twilsock re-emits connectionError a turn after the state change.
      await until(() => client.connectionState === 'denied' && errors.length > 0, 'the refusal');
      expect(errors.map((error) => error.errorCode)).toEqual([code]);
      await client.shutdown().catch(() => {});
    }
    faults.reset();
    await connectSdk(sdk, server, 'alice', tokenFor('alice'));
  });

  test('hangNewConnections accepts the socket and never answers; the client recovers after a drop', async () => {
    const server = await startServer(fast);
    const faults = server.twilio!;
    faults.hangNewConnections(true);
    const client = newClient(sdk, server, tokenFor('alice'));
    let initialised = false;
    (client as unknown as { on(name: string, listener: (state: string) => void): void }).on(
      'stateChanged',
      (state) => {
        if (state === 'initialized') initialised = true;
      },
    );
    await until(() => faults.connectionCount === 1, 'the socket to be accepted');
    expect([client.connectionState, initialised]).toEqual(['connecting', false]);
    faults.hangNewConnections(false);
    expect(faults.dropConnections()).toBe(1);
    await until(() => initialised, 'the client to initialise after reconnecting');
    // Let its first fetch finish (see connectSdk).
    await (sdk === 'conversations'
      ? (client as ConversationsClient).getSubscribedConversations()
      : (client as ChatClient).getSubscribedChannels());
    await client.shutdown();
  });

  test('lagSyncEvents delays what others see, not the answer to the sender', async () => {
    const server = await startServer(fast);
    const local = await TestClient.open(server, 'alice');
    await local.call('createChannel', { name: 'room', type: 'group', members: ['bob'] });
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    const [channel] = await bob.subscribed();
    await channel!.streams();
    // A first message received proves bob's subscription to the messages is established.
    await local.call('sendMessage', { channel: 'room', clientId: 'x0', body: 'on time' });
    await nextEvent(bob, 'messageAdded');
    server.twilio!.lagSyncEvents(1500);
    await local.call('sendMessage', { channel: 'room', clientId: 'x1', body: 'late' });
    // A REST round trip on bob's socket after the send (no HTTP cache here): without the lag,
    // the Sync event would have been written before this reply and handled before it resolves.
    await channel!.unreadCount();
    const late = (event: { name: string; args: unknown[] }) =>
      event.name === 'messageAdded' && (event.args[0] as { body: string }).body === 'late';
    expect(bob.events.filter(late)).toEqual([]);
    await nextEvent(bob, 'messageAdded', (args) => (args[0] as { body: string }).body === 'late');
  });

  test('dropConnections cuts the sockets; the client reconnects and is replayed what it missed', async () => {
    const server = await startServer(fast);
    const local = await TestClient.open(server, 'alice');
    await local.call('createChannel', { name: 'room', type: 'group', members: ['bob'] });
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    const [channel] = await bob.subscribed();
    await channel!.streams();
    expect(server.twilio!.dropConnections()).toBe(1);
    await until(() => bob.client.connectionState === 'connecting', 'the client to notice');
    // While bob is away: a message in his channel, and a new channel he is added to.
    await local.call('sendMessage', { channel: 'room', clientId: 'while-away', body: 'while you were away' });
    await local.call('createChannel', { name: 'later', type: 'group', members: ['bob'] });
    const [message] = await nextEvent(bob, 'messageAdded');
    expect(message).toMatchObject({ index: 0, body: 'while you were away' });
    const [joined] = await nextEvent(
      bob,
      sdk === 'conversations' ? 'conversationJoined' : 'channelJoined',
      (args) => ['later'].includes(bob.channelOf(args[0]).uniqueName ?? ''),
    );
    expect(bob.channelOf(joined).status).toBe('joined');
    expect(bob.client.connectionState).toBe('connected');
  });

  test('pushTokenAboutToExpire warns the chosen identity now', async () => {
    const server = await startServer(fast);
    const alice = await connectSdk(sdk, server, 'alice', tokenFor('alice'));
    const bob = await connectSdk(sdk, server, 'bob', tokenFor('bob'));
    expect(server.twilio!.pushTokenAboutToExpire('bob')).toBe(1);
    await nextEvent(bob, 'tokenAboutToExpire');
    // A REST round trip on alice's socket: had the warning gone to her too, it would have arrived first.
    await alice.create('probe', { type: 'group' });
    expect(alice.events.some((event) => event.name === 'tokenAboutToExpire')).toBe(false);
  });
});

describe('answerChatWithConversationsCodes', () => {
  /** The Twilio code of a rejection (`TwilsockUpstreamError.body.code`). */
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: { status?: number; body?: { code?: number } }) => [error.status, error.body?.code],
    );

  test("twilio-chat's refusals carry the Conversations codes until reset; Conversations' are unchanged", async () => {
    const server = await startServer(fast);
    const chat = await connectSdk('chat', server, 'alice', tokenFor('alice'));
    const conversations = await connectSdk('conversations', server, 'bob', tokenFor('bob'));
    const room = await chat.create('room', { type: 'group' });
    await room.join();
    expect(await codeOf(chat.create('room', { type: 'group' }))).toEqual([409, 50307]);
    server.twilio!.answerChatWithConversationsCodes(true);
    expect(await codeOf(chat.create('room', { type: 'group' }))).toEqual([409, 50353]);
    expect(await codeOf(room.add('alice'))).toEqual([409, 50433]);
    expect(await codeOf(chat.byName('nothing'))).toEqual([404, 50350]);
    expect(await codeOf(conversations.create('room', { type: 'group' }))).toEqual([409, 50353]);
    server.twilio!.reset();
    expect(await codeOf(room.add('alice'))).toEqual([409, 50404]);
  });
});

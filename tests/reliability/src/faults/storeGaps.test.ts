import { afterEach, describe, expect, it } from 'vitest';
import { ChatDatabase } from '../harness/ChatDatabase.js';
import { ChatUser } from '../harness/ChatUser.js';
import { Cleanup } from '../harness/Cleanup.js';
import { fullHistoryProblems, listProblems } from '../harness/convergence.js';
import { eventually, waitUntil } from '../harness/eventually.js';
import { hookedWebSocket, type SendHook } from '../harness/HookedWebSocket.js';
import { startLocalServer } from '../harness/startLocalServer.js';
import { TcpProxy } from '../harness/TcpProxy.js';

// Deterministic reproductions of the two ways the kill and flap tests found a user's message list
// to have gaps. Each sets up the exact interleaving instead of hoping a random fault hits it.

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('message lists have no gaps', () => {
  it('after a reconnect, the open channel gets the messages sent while away, even when a live one arrives before the resync', async () => {
    const local = await startLocalServer(cleanup);
    const proxy = cleanup.add(await TcpProxy.start(local.url), (p) => p.close());
    const hook: { current: SendHook | null } = { current: null };
    const alice = cleanup.add(
      await ChatUser.connect(proxy.url, 'alice', { backend: { WebSocket: hookedWebSocket(hook) } }),
      (u) => u.close(),
    );
    const bob = cleanup.add(await ChatUser.connect(local.url, 'bob'), (u) => u.close());
    await alice.api.createGroupChannel('room');
    alice.api.setCurrentChannel('room');
    await bob.api.joinChannel('room');
    await bob.api.sendMessage('room', 'before the drop');
    await waitUntil(() => alice.api.messages.length === 1, 'alice sees the first message');

    // Alice's network goes away; bob writes two messages she is not there to receive.
    proxy.refuse = true;
    proxy.drop();
    await waitUntil(() => alice.api.connectionState === 'reconnecting', 'alice is reconnecting');
    await bob.api.sendMessage('room', 'missed 1');
    await bob.api.sendMessage('room', 'missed 2');

    // When alice is back, bob's next message arrives live before her resync asks what she missed.
    hook.current = (op) => {
      if (op !== 'listChannels') return undefined;
      hook.current = null;
      return (async () => {
        await bob.api.sendMessage('room', 'live, right after the reconnect');
        await waitUntil(
          () => alice.api.messages.some((m) => m.body.startsWith('live')),
          'the live message reached alice',
        );
      })();
    };
    proxy.refuse = false;

    const db = cleanup.add(new ChatDatabase(local.dbPath), (d) => d.close());
    const problems = await eventually(() => listProblems(alice, db), { timeoutMs: 5000 });
    expect(problems).toEqual([]);
    expect(alice.api.messages.map((m) => m.body)).toEqual([
      'before the drop',
      'missed 1',
      'missed 2',
      'live, right after the reconnect',
    ]);
  });

  it('after a reconnect whose resync request times out (a slow link), the missed messages still arrive', async () => {
    const local = await startLocalServer(cleanup);
    const proxy = cleanup.add(await TcpProxy.start(local.url), (p) => p.close());
    const hook: { current: SendHook | null } = { current: null };
    const alice = cleanup.add(
      await ChatUser.connect(proxy.url, 'alice', {
        backend: { WebSocket: hookedWebSocket(hook), requestTimeoutMs: 500 },
      }),
      (u) => u.close(),
    );
    const bob = cleanup.add(await ChatUser.connect(local.url, 'bob'), (u) => u.close());
    await alice.api.createGroupChannel('room');
    alice.api.setCurrentChannel('room');
    await bob.api.joinChannel('room');
    await bob.api.sendMessage('room', 'before the drop');
    await waitUntil(() => alice.api.messages.length === 1, 'alice sees the first message');

    proxy.refuse = true;
    proxy.drop();
    await waitUntil(() => alice.api.connectionState === 'reconnecting', 'alice is reconnecting');
    await bob.api.sendMessage('room', 'missed while away');
    // The resync's request for what was missed is held up on the link past the request timeout.
    hook.current = (op) => {
      if (op !== 'getMessagesAfter') return undefined;
      hook.current = null;
      return new Promise((resolve) => setTimeout(resolve, 1000));
    };
    proxy.refuse = false;
    await waitUntil(() => alice.api.connectionState === 'connected', 'alice is connected again');

    const db = cleanup.add(new ChatDatabase(local.dbPath), (d) => d.close());
    const problems = await eventually(() => listProblems(alice, db), { timeoutMs: 5000 });
    expect(problems).toEqual([]);
    expect(alice.api.channels.room?.lastMessage?.body).toBe('missed while away');
  });

  it('opening a channel the user wrote in while it was closed shows its whole history, with no gaps', async () => {
    const local = await startLocalServer(cleanup);
    const alice = cleanup.add(await ChatUser.connect(local.url, 'alice'), (u) => u.close());
    const bob = cleanup.add(await ChatUser.connect(local.url, 'bob'), (u) => u.close());
    const channel = (await alice.api.createPrivateChannel('bob')).name;
    await waitUntil(() => channel in bob.api.channels, 'bob sees the private channel');
    // A conversation longer than one page (30), answered from a notification without opening it.
    for (let i = 0; i < 40; i++) {
      await bob.api.sendMessage(channel, `question ${i}`);
      await alice.api.sendMessage(channel, `answer ${i}`);
    }

    alice.api.setCurrentChannel(channel);
    const db = cleanup.add(new ChatDatabase(local.dbPath), (d) => d.close());
    // What the user sees once the channel loaded: the newest page, with no holes in it.
    await waitUntil(
      () => alice.api.messages.some((m) => m.body === 'question 39'),
      'the newest page is loaded',
    );
    const shown = alice.api.messages;
    const holes = shown.filter((m, i) => i > 0 && m.index !== (shown[i - 1]!.index ?? -2) + 1);
    expect(holes.map((m) => `${m.body}@${m.index}`)).toEqual([]);
    // And scrolling up to the first message gives the whole conversation.
    expect(await fullHistoryProblems(alice, db, channel)).toEqual([]);
  });
});

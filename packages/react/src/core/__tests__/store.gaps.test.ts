// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Message } from '../types.js';
import { connected, onSwitchableNetwork, openRoom, startServer, until } from './harness.js';

/** Indexes of the stored messages of a list; a hole shows as a jump. */
const indexes = (messages: Message[]) => messages.map((m) => m.index);

describe('createChatStore: message lists have no gaps', () => {
  it('after a reconnect, fetches what was missed even when a live message arrives before the resync', async () => {
    const { alice, bob } = await openRoom();
    alice.net.offline();
    await until(alice.store, (s) => s.connectionState === 'reconnecting');
    await bob.getState().sendMessage('general', 'missed 1');
    await bob.getState().sendMessage('general', 'missed 2');
    // Back online: bob's next message reaches alice live before her resync asks what she missed.
    alice.hook.current = (frame) => {
      if (frame.op !== 'listChannels') return undefined;
      alice.hook.current = null;
      return (async () => {
        await bob.getState().sendMessage('general', 'live');
        await until(alice.store, (s) => s.channels.general?.lastMessage?.body === 'live');
      })();
    };
    alice.net.online();
    const state = await until(alice.store, (s) => s.connectionState === 'connected');
    expect(state.messages.map((m) => m.body)).toEqual(['before the drop', 'missed 1', 'missed 2', 'live']);
    expect(indexes(state.messages)).toEqual([0, 1, 2, 3]);
  });

  it('retries a resync whose request timed out, and is connected only once it caught up', async () => {
    const { alice, bob } = await openRoom({ requestTimeoutMs: 300 });
    alice.net.offline();
    await until(alice.store, (s) => s.connectionState === 'reconnecting');
    await bob.getState().sendMessage('general', 'missed while away');
    let held = 0;
    alice.hook.current = (frame) => {
      if (frame.op !== 'getMessagesAfter' || held++ > 0) return undefined;
      return 'drop'; // the first request for what was missed is lost on a slow link: it times out
    };
    alice.net.online();
    const state = await until(alice.store, (s) => s.connectionState === 'connected');
    expect(held).toBeGreaterThan(1); // asked again after the timeout
    expect(state.messages.map((m) => m.body)).toEqual(['before the drop', 'missed while away']);
    expect(state.channels.general?.lastMessage?.body).toBe('missed while away');
  });

  it('opening a channel the user wrote in while it was closed shows its newest page with no holes', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const bob = await connected(server.url, 'bob');
    const name = (await alice.getState().createPrivateChannel('bob')).name;
    await until(bob, (s) => name in s.channels);
    // A conversation longer than a page (30), answered without opening the channel.
    for (let i = 0; i < 20; i++) {
      await bob.getState().sendMessage(name, `question ${i}`);
      await alice.getState().sendMessage(name, `answer ${i}`);
    }
    expect(alice.getState().channels[name]?.hasOlderMessages).toBe(true);
    alice.getState().setCurrentChannel(name);
    const state = await until(alice, (s) => s.messages.at(-1)?.body === 'answer 19');
    expect(indexes(state.messages)).toEqual(Array.from({ length: 30 }, (_, i) => 10 + i));
    expect(state.currentChannel?.hasOlderMessages).toBe(true);
    // Scrolling up reaches the first message, still without a hole.
    await alice.getState().getMessages(name, 30, 9);
    expect(indexes(alice.getState().messages)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(alice.getState().currentChannel?.hasOlderMessages).toBe(false);
  });

  it('a channel that is not open keeps at most its newest page, not every later message', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const bob = await connected(server.url, 'bob');
    await alice.getState().createGroupChannel('busy');
    await alice.getState().createGroupChannel('quiet');
    await bob.getState().joinChannel('busy');
    await bob.getState().joinChannel('quiet'); // joining opens: bob had busy open, then left it
    for (let i = 0; i < 45; i++) await alice.getState().sendMessage('busy', `m${i}`);
    await until(bob, (s) => s.channels.busy?.lastMessage?.body === 'm44');
    // bob's own message in the closed channel: its list keeps no copy, retryMessage still finds it.
    const mine = await bob.getState().sendMessage('busy', 'from bob');
    expect(await bob.getState().retryMessage(mine.id)).toMatchObject({ sid: mine.sid, status: 'sent' });
    bob.getState().setCurrentChannel('busy');
    // What the store kept is shown at once: the newest page, contiguous, with older ones to load.
    const kept = bob.getState();
    expect(kept.messages.length).toBeLessThanOrEqual(30);
    expect(kept.messages.at(-1)?.body).toBe('from bob');
    const first = kept.messages[0]?.index ?? 0;
    expect(indexes(kept.messages)).toEqual(Array.from({ length: 46 - first }, (_, i) => first + i));
    expect(kept.currentChannel?.hasOlderMessages).toBe(true);
  });

  it('retries a read horizon move that failed, so the server does not stay behind the open channel', async () => {
    const { server, alice, bob } = await openRoom({ requestTimeoutMs: 300 });
    // Another tab of alice, with the channel closed, shows the server's unread count.
    const tab = await connected(server.url, 'alice');
    await until(tab, (s) => s.channels.general?.unreadCount === 0);
    let dropped = 0;
    alice.hook.current = (frame) => (frame.op === 'setReadHorizon' && dropped++ === 0 ? 'drop' : undefined);
    await bob.getState().sendMessage('general', 'read in the open channel');
    await until(alice.store, (s) => s.messages.length === 2);
    await until(tab, (s) => s.channels.general?.unreadCount === 1);
    // The first move was lost and timed out; the next one brings the server's horizon along.
    await until(tab, (s) => s.channels.general?.unreadCount === 0);
    expect(dropped).toBeGreaterThan(1);
    expect(alice.store.getState().channels.general?.unreadCount).toBe(0);
  });

  it('a send whose reply is lost but whose message arrived as an event is sent, not failed', async () => {
    const server = await startServer();
    const alice = await onSwitchableNetwork(server.url, 'alice', 300, 1); // one attempt, then failed
    const bob = await connected(server.url, 'bob');
    await alice.store.getState().createGroupChannel('general');
    await alice.store.getState().createGroupChannel('other'); // nothing is open: general is closed
    await bob.getState().joinChannel('general');
    await until(alice.store, (s) => s.channels.general?.members.includes('bob') === true);
    let lost = 0;
    alice.hook.incoming = (frame) => {
      const result = frame.result as { message?: unknown } | undefined;
      return frame.ok === true && result?.message && lost++ === 0 ? 'drop' : undefined;
    };
    const sent = await alice.store.getState().sendMessage('general', 'stored, reply lost');
    expect(lost).toBe(1);
    expect(sent).toMatchObject({ status: 'sent', index: 0, body: 'stored, reply lost' });
    expect(sent.sid).not.toBeNull();
    await until(bob, (s) => s.channels.general?.lastMessage?.sid === sent.sid);
  });
});

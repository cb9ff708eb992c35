// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { codeOf, connected, onCleanup, startServer, until } from './harness.js';

describe('createChatStore: channels', () => {
  it('opens a private channel named by both identities sorted; the peer sees it at once; again returns it', async () => {
    const server = await startServer();
    const bob = await connected(server.url, 'bob');
    const alice = await connected(server.url, 'alice');
    const created = await bob.getState().createPrivateChannel('alice', 'just us');
    expect(created).toMatchObject({ name: 'alice#bob', type: 'private', description: 'just us' });
    expect(created.members.sort()).toEqual(['alice', 'bob']);
    const seen = await until(alice, (s) => s.channels['alice#bob'] !== undefined);
    expect(seen.privateChannels.map((c) => c.name)).toEqual(['alice#bob']);
    expect(seen.privatChannels).toBe(seen.privateChannels);
    // Either side asking again gets the same channel, not an error.
    expect((await alice.getState().createPrivateChannel('bob')).sid).toBe(created.sid);
    expect((await alice.getState().createPrivatChannel('bob')).sid).toBe(created.sid);
  });

  it('invites a member of a group chat into a 1:1 chat, and re-adds a peer who left it', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const bob = await connected(server.url, 'bob');
    await alice.getState().createGroupChannel('team', 'the team');
    await bob.getState().joinChannel('team');
    const team = await until(alice, (s) => s.channels.team?.members.includes('bob') === true);
    const peer = team.channels.team?.members.find((m) => m !== 'alice') as string;
    await alice.getState().createPrivateChannel(peer);
    await until(bob, (s) => s.channels['alice#bob'] !== undefined);

    await bob.getState().leaveChannel('alice#bob');
    expect(bob.getState().channels['alice#bob']).toBeUndefined();
    await until(alice, (s) => s.channels['alice#bob']?.members.includes('bob') === false);
    // The channel exists (channel_exists inside): the store adds bob back instead of failing.
    const again = await alice.getState().createPrivateChannel('bob');
    expect(again.members).toContain('bob');
    await until(bob, (s) => s.channels['alice#bob'] !== undefined);
  });

  it('refuses a bad peer, yourself, and a taken group name', async () => {
    const server = await startServer();
    const ops: string[] = [];
    const alice = await connected(server.url, 'alice', { ops });
    const before = ops.length;
    expect(await codeOf(alice.getState().createPrivateChannel('alice'))).toBe('invalid_argument');
    expect(await codeOf(alice.getState().createPrivateChannel('a#b'))).toBe('invalid_argument');
    expect(await codeOf(alice.getState().createGroupChannel(''))).toBe('invalid_argument');
    expect(ops.length).toBe(before);
    await alice.getState().createGroupChannel('general');
    expect(await codeOf(alice.getState().createGroupChannel('general'))).toBe('channel_exists');
    expect(await codeOf(alice.getState().joinChannel('nowhere'))).toBe('channel_not_found');
    expect(() => alice.getState().setCurrentChannel('nowhere')).toThrow(
      expect.objectContaining({ name: 'ChatError', code: 'channel_not_found' }),
    );
  });

  it('joins a group: it becomes current, its messages load', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const bob = await connected(server.url, 'bob');
    await alice.getState().createGroupChannel('general');
    for (const text of ['one', 'two', 'three']) await alice.getState().sendMessage('general', text);
    const joined = await bob.getState().joinChannel('general');
    expect(joined.name).toBe('general');
    const state = await until(bob, (s) => s.messages.length === 3);
    expect(state.currentChannel?.name).toBe('general');
    expect(state.currentChanel).toBe(state.currentChannel);
    expect(state.messages.map((m) => [m.body, m.index, m.status])).toEqual([
      ['one', 0, 'sent'],
      ['two', 1, 'sent'],
      ['three', 2, 'sent'],
    ]);
    expect(state.currentChannel?.unreadCount).toBe(0);
    expect(state.groupChannels.map((c) => c.name)).toEqual(['general']);
  });

  it('counts unread per channel; opening one reads it; a read in one tab clears the other', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const bobTab1 = await connected(server.url, 'bob');
    const bobTab2 = await connected(server.url, 'bob');
    await alice.getState().createGroupChannel('general');
    await bobTab1.getState().joinChannel('general');
    bobTab1.getState().setCurrentChannel(null);
    await alice.getState().createPrivateChannel('bob');
    await until(bobTab2, (s) => Object.keys(s.channels).length === 2);

    await alice.getState().sendMessage('general', 'g1');
    await alice.getState().sendMessage('general', 'g2');
    await alice.getState().sendMessage('alice#bob', 'p1');
    for (const tab of [bobTab1, bobTab2]) {
      const state = await until(tab, (s) => s.totalUnread === 3);
      expect(state.channels.general?.unreadCount).toBe(2);
      expect(state.channels['alice#bob']?.unreadCount).toBe(1);
    }
    // Newest activity first.
    expect(bobTab1.getState().groupChannels[0]?.lastMessage?.body).toBe('g2');

    bobTab1.getState().setCurrentChannel('general');
    expect(bobTab1.getState().totalUnread).toBe(1);
    // The other tab learns it from the server's read horizon.
    await until(bobTab2, (s) => s.channels.general?.unreadCount === 0 && s.totalUnread === 1);

    // Messages arriving in the open channel never raise its count, in this tab or (eventually) the other.
    await alice.getState().sendMessage('general', 'g3');
    await until(bobTab1, (s) => s.messages.length === 3);
    expect(bobTab1.getState().channels.general?.unreadCount).toBe(0);
    await until(bobTab2, (s) => s.channels.general?.lastMessage?.body === 'g3');
    await until(bobTab2, (s) => s.channels.general?.unreadCount === 0);

    await bobTab2.getState().markRead('alice#bob');
    await until(bobTab1, (s) => s.totalUnread === 0);
  });

  it('the open channel’s delayed read stops at what arrived while it was open', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const bob = await connected(server.url, 'bob');
    const bobTab2 = await connected(server.url, 'bob');
    await alice.getState().createGroupChannel('B');
    await alice.getState().createGroupChannel('C');
    await bob.getState().joinChannel('C');
    await bob.getState().joinChannel('B');
    await bob.getState().getMessages('B'); // B is open and loaded
    await until(bobTab2, (s) => s.channels.B !== undefined && s.channels.C !== undefined);
    // Only the store's timers are held (sockets and the server's write batching run as usual).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onCleanup(() => vi.useRealTimers()); // before the stores disconnect (cleanups run newest first)

    await alice.getState().sendMessage('B', 'seen');
    await until(bob, (s) => s.messages.length === 1); // read while open: its horizon move is now due
    bob.getState().setCurrentChannel('C');
    await alice.getState().sendMessage('B', 'never opened');
    await until(bob, (s) => s.channels.B?.unreadCount === 1);
    await until(bobTab2, (s) => s.channels.B?.unreadCount === 2);

    vi.advanceTimersByTime(1000); // the delayed move runs
    // The other tab follows the server's horizon: 'seen' is read, 'never opened' is not.
    const tab2 = await until(bobTab2, (s) => s.channels.B?.unreadCount !== 2);
    expect(tab2.channels.B?.unreadCount).toBe(1);
    await bob.getState().getMessages('C'); // a round trip: the horizon's events are in by now
    expect(bob.getState().channels.B?.unreadCount).toBe(1);
  });

  it('signals typing once per channel per 2 s, however often setTyping is called (the one throttle)', async () => {
    const server = await startServer();
    const ops: string[] = [];
    const alice = await connected(server.url, 'alice', { ops });
    const bob = await connected(server.url, 'bob');
    await alice.getState().createGroupChannel('general');
    await alice.getState().createGroupChannel('random');
    await bob.getState().joinChannel('general');
    await until(alice, (s) => s.channels.general?.members.length === 2);
    const signals = () => ops.filter((op) => op === 'typing').length;
    // Only the clock is faked: sockets and the server run as usual.
    vi.useFakeTimers({ toFake: ['Date'] });
    onCleanup(() => vi.useRealTimers());
    const start = Date.now();
    for (let key = 0; key < 10; key++) alice.getState().setTyping('general'); // ten keystrokes
    expect(signals()).toBe(1);
    alice.getState().setTyping('random'); // another channel has its own window
    expect(signals()).toBe(2);
    vi.setSystemTime(start + 1999);
    alice.getState().setTyping('general');
    expect(signals()).toBe(2);
    vi.setSystemTime(start + 2000);
    alice.getState().setTyping('general');
    expect(signals()).toBe(3);
    await until(bob, (s) => s.typing.general?.includes('alice') === true);
  });

  it('typing right after sending shows again: a message starts the typing throttle over', async () => {
    const server = await startServer();
    const ops: string[] = [];
    const alice = await connected(server.url, 'alice', { ops });
    const bob = await connected(server.url, 'bob');
    await alice.getState().createGroupChannel('general');
    await bob.getState().joinChannel('general');
    await until(alice, (s) => s.channels.general?.members.length === 2);
    alice.getState().setTyping('general');
    await until(bob, (s) => s.typing.general?.includes('alice') === true);
    await alice.getState().sendMessage('general', 'there');
    await until(bob, (s) => s.typing.general === undefined); // the server ends typing with the message
    alice.getState().setTyping('general'); // at once, well within both throttles
    expect(ops.filter((op) => op === 'typing')).toHaveLength(2);
    await until(bob, (s) => s.typing.general?.includes('alice') === true);
  });

  it('shows who is typing, and leaves channels', async () => {
    const server = await startServer({ typingTimeoutMs: 200 });
    const alice = await connected(server.url, 'alice');
    const bob = await connected(server.url, 'bob');
    await alice.getState().createGroupChannel('general');
    await bob.getState().joinChannel('general');
    await until(alice, (s) => s.channels.general?.members.length === 2);
    alice.getState().setTyping('general');
    await until(bob, (s) => s.typing.general?.includes('alice') === true);
    await until(bob, (s) => s.typing.general === undefined);

    await bob.getState().leaveChannel('general');
    expect(bob.getState()).toMatchObject({ channels: {}, currentChannel: null, messages: [] });
    await until(alice, (s) => s.channels.general?.members.join() === 'alice');
  });
});

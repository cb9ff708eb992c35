// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { localBackend } from '../../backends/local.js';
import { createChatStore } from '../createChatStore.js';
import { readBy } from '../readBy.js';
import type { Message } from '../types.js';
import {
  codeOf,
  connected,
  onCleanup,
  type SendHook,
  startServer,
  switchableWebSocket,
  tokenFor,
  until,
} from './harness.js';

/** alice, bob and carol connected; alice created `team`, which the other two joined; nobody has it open. */
async function team(options: { bobOps?: string[] } = {}) {
  const server = await startServer();
  const alice = await connected(server.url, 'alice');
  const bob = await connected(server.url, 'bob', { ops: options.bobOps });
  const carol = await connected(server.url, 'carol');
  await alice.getState().createGroupChannel('team');
  await bob.getState().joinChannel('team');
  await carol.getState().joinChannel('team');
  await until(alice, (s) => s.channels.team?.members.length === 3);
  for (const store of [bob, carol]) store.getState().setCurrentChannel(null);
  return { server, alice, bob, carol };
}

describe('createChatStore: managing groups', () => {
  it('addMember shows the channel to the added user at once; updateChannel renames it for everyone; removeMember takes it away', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const bob = await connected(server.url, 'bob');
    const created = await alice.getState().createGroupChannel('team');
    expect(created.createdBy).toBe('alice');
    await alice.getState().addMember('team', 'bob');
    expect(alice.getState().channels.team?.members).toEqual(['alice', 'bob']);
    await until(bob, (s) => s.channels.team?.createdBy === 'alice');

    const renamed = await bob
      .getState()
      .updateChannel('team', { friendlyName: 'The Team', description: 'us' });
    expect(renamed).toMatchObject({ friendlyName: 'The Team', description: 'us' });
    await until(
      alice,
      (s) => s.channels.team?.friendlyName === 'The Team' && s.channels.team.description === 'us',
    );

    await alice.getState().removeMember('team', 'bob');
    expect(alice.getState().channels.team?.members).toEqual(['alice']);
    await until(bob, (s) => s.channels.team === undefined);
    expect(await codeOf(bob.getState().joinChannel('team'))).toBe('forbidden');
  });

  it('refuses what it can before sending anything: a non-creator removing, a private channel, oneself, bad changes', async () => {
    const ops: string[] = [];
    const { alice, bob } = await team({ bobOps: ops });
    await alice.getState().createPrivateChannel('bob');
    await until(bob, (s) => s.channels['alice#bob'] !== undefined);
    ops.length = 0;
    const refusals = [
      [bob.getState().removeMember('team', 'carol'), 'forbidden'],
      [bob.getState().removeMember('alice#bob', 'alice'), 'forbidden'],
      [alice.getState().removeMember('team', 'alice'), 'invalid_argument'],
      [bob.getState().updateChannel('team', {}), 'invalid_argument'],
      [bob.getState().updateChannel('team', { friendlyName: ' ' }), 'invalid_argument'],
      [bob.getState().updateChannel('team', { description: 'x'.repeat(4097) }), 'invalid_argument'],
      [bob.getState().addMember('team', 'bad#name'), 'invalid_argument'],
      [bob.getState().addMember('nowhere', 'dave'), 'channel_not_found'],
    ] as const;
    for (const [promise, code] of refusals) expect(await codeOf(promise)).toBe(code);
    expect(ops).toEqual([]);
    expect(alice.getState().channels.team?.members).toEqual(['alice', 'bob', 'carol']);
  });
});

describe('createChatStore: fixing messages', () => {
  it('editMessage: the author changes a sent message; everyone sees the new body and editedAt', async () => {
    const ops: string[] = [];
    const { alice, bob } = await team({ bobOps: ops });
    bob.getState().setCurrentChannel('team');
    const sent = await alice.getState().sendMessage('team', 'helo');
    await until(bob, (s) => s.messages.some((m) => m.body === 'helo'));
    const edited = await alice.getState().editMessage(sent.id, 'hello');
    expect(edited).toMatchObject({ id: sent.id, sid: sent.sid, body: 'hello' });
    expect(edited.editedAt).toBeInstanceOf(Date);
    const seen = await until(bob, (s) => s.messages[0]?.body === 'hello');
    expect(seen.messages[0]?.editedAt).toEqual(edited.editedAt);
    expect(seen.channels.team?.lastMessage?.body).toBe('hello');
    expect(alice.getState().channels.team?.lastMessage).toMatchObject({ body: 'hello', id: sent.id });

    ops.length = 0;
    const other = bob.getState().messages[0]!;
    expect(await codeOf(bob.getState().editMessage(other.id, 'not mine'))).toBe('forbidden');
    expect(await codeOf(bob.getState().deleteMessage(other.id))).toBe('forbidden');
    expect(await codeOf(alice.getState().editMessage(sent.id, ''))).toBe('invalid_argument');
    expect(await codeOf(alice.getState().editMessage(sent.id, 'x'.repeat(32 * 1024 + 1)))).toBe(
      'invalid_argument',
    );
    expect(await codeOf(alice.getState().editMessage('no-such-id', 'x'))).toBe('invalid_argument');
    expect(ops).toEqual([]);
  });

  it('deleteMessage: it leaves every list; lastMessage and unread counts follow', async () => {
    const { alice, bob, carol } = await team();
    bob.getState().setCurrentChannel('team');
    await alice.getState().sendMessage('team', 'one');
    const two = await alice.getState().sendMessage('team', 'two');
    await until(carol, (s) => s.channels.team?.unreadCount === 2);
    await until(bob, (s) => s.messages.length === 2);

    await alice.getState().deleteMessage(two.id);
    expect(alice.getState().channels.team?.lastMessage?.body).toBe('one');
    const bobs = await until(bob, (s) => s.messages.length === 1);
    expect([bobs.messages[0]?.body, bobs.channels.team?.lastMessage?.body]).toEqual(['one', 'one']);
    const carols = await until(carol, (s) => s.channels.team?.unreadCount === 1);
    expect([carols.totalUnread, carols.channels.team?.lastMessage?.body]).toEqual([1, 'one']);
    // A message sent after it takes the next index: the deleted one stays a gap, and nothing is fetched for it.
    const three = await alice.getState().sendMessage('team', 'three');
    expect(three.index).toBe((two.index as number) + 1);
    const after = await until(bob, (s) => s.messages.length === 2);
    expect(after.messages.map((m) => [m.index, m.body])).toEqual([
      [0, 'one'],
      [2, 'three'],
    ]);
  });

  it('a newest message deleted while the store was away leaves no gap that is fetched again and again', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const ops: string[] = [];
    const hook: SendHook = {
      current: (frame) => {
        ops.push(frame.op);
        return undefined;
      },
    };
    const net = switchableWebSocket(hook);
    const bob = createChatStore({
      backend: localBackend({
        url: server.url,
        WebSocket: net.WebSocket,
        reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      }),
      batchMs: 0,
    });
    onCleanup(() => bob.getState().disconnect());
    await bob.getState().connect(async () => tokenFor('bob'), 'bob');
    await alice.getState().createGroupChannel('team');
    await alice.getState().addMember('team', 'bob');
    alice.getState().setCurrentChannel('team');
    await alice.getState().sendMessage('team', 'kept');
    const gone = await alice.getState().sendMessage('team', 'gone');
    // bob's store heard of index 1; it is deleted while bob is away, so no event tells him.
    await until(bob, (s) => s.channels.team?.lastMessage?.sid === gone.sid);
    net.offline();
    await until(bob, (s) => s.connectionState === 'reconnecting');
    await alice.getState().deleteMessage(gone.id);
    net.online();
    await until(
      bob,
      (s) => s.connectionState === 'connected' && s.channels.team?.lastMessage?.body === 'kept',
    );
    ops.length = 0;
    for (let i = 0; i < 3; i++) {
      bob.getState().setCurrentChannel('team');
      await until(bob, (s) => s.messages.length === 1);
      await bob.getState().markRead('team');
      bob.getState().setCurrentChannel(null);
    }
    bob.getState().setCurrentChannel('team');
    await alice.getState().sendMessage('team', 'next');
    const state = await until(bob, (s) => s.messages.length === 2);
    expect(state.messages.map((m) => [m.index, m.body])).toEqual([
      [0, 'kept'],
      [2, 'next'],
    ]);
    expect(ops.filter((op) => op === 'getMessagesAfter').length).toBeLessThanOrEqual(2);
  });
});

describe('createChatStore: replies older than the changes they cross', () => {
  it('a page read before an edit and a deletion, applied after their events, brings back neither', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const hook: SendHook = { current: null, incoming: null };
    const bob = createChatStore({
      backend: localBackend({ url: server.url, WebSocket: switchableWebSocket(hook).WebSocket }),
      batchMs: 0,
    });
    onCleanup(() => bob.getState().disconnect());
    await bob.getState().connect(async () => tokenFor('bob'), 'bob');
    await alice.getState().createGroupChannel('team');
    await alice.getState().addMember('team', 'bob');
    alice.getState().setCurrentChannel('team'); // the author edits what the screen shows
    const one = await alice.getState().sendMessage('team', 'one');
    const two = await alice.getState().sendMessage('team', 'two');
    await until(bob, (s) => s.channels.team?.lastMessage?.body === 'two');
    // bob opens the channel: the server reads its page now, and the reply is held on the way.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let read!: () => void;
    const pageRead = new Promise<void>((resolve) => {
      read = resolve;
    });
    hook.incoming = (frame) => {
      const result = frame.result as { messages?: unknown[] } | undefined;
      if (!result?.messages) return undefined;
      hook.incoming = null;
      read();
      return held;
    };
    bob.getState().setCurrentChannel('team');
    await pageRead;
    await alice.getState().editMessage(one.id, 'one, edited');
    await alice.getState().deleteMessage(two.id);
    await until(bob, (s) => s.channels.team?.lastMessage?.body === 'one, edited');
    release();
    const state = await until(bob, (s) => s.messages.length > 0);
    expect(state.messages.map((m) => m.body)).toEqual(['one, edited']);
    expect(state.channels.team?.lastMessage?.body).toBe('one, edited');
  });
});

describe('createChatStore: read receipts', () => {
  it('readBy follows every member reading, live; an author has read their own message', async () => {
    const { alice, bob, carol } = await team();
    const sent = await alice.getState().sendMessage('team', 'did you read this?');
    const receipts = () =>
      readBy(alice.getState().channels.team, alice.getState().channels.team!.lastMessage!);
    expect(receipts()).toEqual([]);
    bob.getState().setCurrentChannel('team'); // reading it
    await until(alice, () => receipts().join() === 'bob');
    await carol.getState().markRead('team');
    await until(alice, () => receipts().join() === 'bob,carol');
    expect(alice.getState().channels.team?.lastReadIndexes).toEqual({ alice: 0, bob: 0, carol: 0 });
    const reply = await carol.getState().sendMessage('team', 'yes');
    await until(alice, (s) => s.channels.team?.lastMessage?.sid === reply.sid);
    const channel = alice.getState().channels.team!;
    expect(readBy(channel, { ...sent, index: 0 })).toEqual(['bob', 'carol']);
    expect(readBy(channel, channel.lastMessage!)).toEqual([]);
    expect(readBy(channel, { ...sent, index: null })).toEqual([]);
  });
});

describe('createChatStore: edits and deletions while the connection was down', () => {
  it('show after the reconnect: the open channel asks what changed, a changed closed one reloads, an unchanged one is left alone', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const ops: { op: string; channel?: unknown }[] = [];
    const hook: SendHook = {
      current: (frame) => {
        ops.push({ op: frame.op, channel: frame.channel });
        return undefined;
      },
    };
    const net = switchableWebSocket(hook);
    const bob = createChatStore({
      backend: localBackend({
        url: server.url,
        WebSocket: net.WebSocket,
        reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      }),
      batchMs: 0,
    });
    onCleanup(() => bob.getState().disconnect());
    await bob.getState().connect(async () => tokenFor('bob'), 'bob');
    alice.getState().setCurrentChannel(null);
    const sent: Record<string, Message> = {};
    for (const name of ['team', 'side', 'quiet']) {
      await alice.getState().createGroupChannel(name);
      await alice.getState().addMember(name, 'bob');
      alice.getState().setCurrentChannel(name);
      for (let i = 0; i < 3; i++)
        sent[`${name}${i}`] = await alice.getState().sendMessage(name, `${name} ${i}`);
    }
    // bob reads side and quiet (each keeps its newest page once closed), and has team open.
    for (const name of ['side', 'quiet', 'team']) {
      await until(bob, (s) => s.channels[name]?.lastMessage?.body === `${name} 2`);
      bob.getState().setCurrentChannel(name);
      await until(bob, (s) => s.messages.length === 3);
    }

    net.offline();
    await until(bob, (s) => s.connectionState === 'reconnecting');
    alice.getState().setCurrentChannel('team');
    await alice.getState().editMessage(sent.team1!.id, 'team 1, edited');
    await alice.getState().deleteMessage(sent.team2!.id);
    await alice.getState().sendMessage('team', 'team 3');
    alice.getState().setCurrentChannel('side');
    await alice.getState().deleteMessage(sent.side0!.id);
    ops.length = 0;

    net.online();
    const state = await until(
      bob,
      (s) => s.connectionState === 'connected' && s.messages.at(-1)?.body === 'team 3',
    );
    expect(state.messages.map((m) => [m.index, m.body, m.editedAt !== null])).toEqual([
      [0, 'team 0', false],
      [1, 'team 1, edited', true],
      [3, 'team 3', false],
    ]);
    const sinceReconnect = ops.filter(
      (o) => o.op !== 'hello' && o.op !== 'ping' && o.op !== 'setReadHorizon',
    );
    expect(sinceReconnect).toEqual([
      { op: 'listChannels', channel: undefined },
      { op: 'getChanges', channel: 'team' },
      { op: 'getMessagesAfter', channel: 'team' },
    ]);
    // side changed: it loads anew when opened; quiet did not: its page was kept, nothing is fetched.
    ops.length = 0;
    bob.getState().setCurrentChannel('side');
    const side = await until(bob, (s) => s.messages.length === 2);
    expect(side.messages.map((m) => m.body)).toEqual(['side 1', 'side 2']);
    bob.getState().setCurrentChannel('quiet');
    expect(bob.getState().messages.map((m) => m.body)).toEqual(['quiet 0', 'quiet 1', 'quiet 2']);
    await bob.getState().markRead('quiet');
    expect(ops.map((o) => `${o.op} ${o.channel}`).filter((o) => !o.startsWith('setReadHorizon'))).toEqual([
      'getMessages side',
    ]);
  });
});

describe('createChatStore: the open channel reads up to its newest message left', () => {
  it('after a failed move, a deleted newest message does not keep the horizon from moving to the one before', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    let dropped = 0;
    const hook: SendHook = {
      // The first horizon move is lost on the way: its request times out.
      current: (frame) => (frame.op === 'setReadHorizon' && dropped++ === 0 ? 'drop' : undefined),
    };
    const bob = createChatStore({
      backend: localBackend({
        url: server.url,
        WebSocket: switchableWebSocket(hook).WebSocket,
        requestTimeoutMs: 200,
      }),
      batchMs: 0,
    });
    onCleanup(() => bob.getState().disconnect());
    await bob.getState().connect(async () => tokenFor('bob'), 'bob');
    await alice.getState().createGroupChannel('team');
    await alice.getState().addMember('team', 'bob');
    alice.getState().setCurrentChannel('team');
    await alice.getState().sendMessage('team', 'one');
    const two = await alice.getState().sendMessage('team', 'two');
    await until(bob, (s) => s.channels.team?.lastMessage?.body === 'two');
    bob.getState().setCurrentChannel('team');
    await until(bob, () => dropped === 1);
    await alice.getState().deleteMessage(two.id);
    const seen = await until(alice, (s) => s.channels.team?.lastReadIndexes.bob === 0);
    expect(seen.channels.team?.lastReadIndexes.bob).toBe(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ChatDatabase } from '../harness/ChatDatabase.js';
import { ChatUser } from '../harness/ChatUser.js';
import { Cleanup } from '../harness/Cleanup.js';
import { fullHistoryProblems, listProblems, unreadProblems } from '../harness/convergence.js';
import { eventually, waitUntil } from '../harness/eventually.js';
import { startLocalServer } from '../harness/startLocalServer.js';
import { TcpProxy } from '../harness/TcpProxy.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('quick: edits and deletions made while a user was offline', () => {
  it('show after the reconnect: the open list has the new bodies and no deleted message, the other channels and badges follow', async () => {
    const local = await startLocalServer(cleanup);
    const proxy = cleanup.add(await TcpProxy.start(local.url), (p) => p.close());
    const alice = cleanup.add(await ChatUser.connect(local.url, 'alice'), (u) => u.close());
    const bob = cleanup.add(await ChatUser.connect(proxy.url, 'bob'), (u) => u.close());
    const side = (await alice.api.createPrivateChannel('bob')).name;
    await alice.api.createGroupChannel('room');
    await alice.api.addMember('room', 'bob');
    alice.api.setCurrentChannel('room');
    const room = [];
    for (let i = 0; i < 6; i++) room.push(await alice.api.sendMessage('room', `room ${i}`));
    alice.api.setCurrentChannel(side);
    const aside = [];
    for (let i = 0; i < 3; i++) aside.push(await alice.api.sendMessage(side, `side ${i}`));
    // bob read the private channel (it keeps its newest page), and has the room open.
    await waitUntil(() => bob.api.channels[side]?.lastMessage?.body === 'side 2', 'bob has the side channel');
    bob.api.setCurrentChannel(side);
    await waitUntil(() => bob.api.messages.length === 3, 'bob read the side channel');
    bob.api.setCurrentChannel('room');
    await waitUntil(() => bob.api.messages.length === 6, 'bob reads the room');

    proxy.refuse = true;
    proxy.drop();
    await waitUntil(() => bob.api.connectionState === 'reconnecting', 'bob is offline');
    alice.api.setCurrentChannel('room');
    await alice.api.editMessage(room[1]!.id, 'room 1, edited');
    await alice.api.deleteMessage(room[2]!.id);
    await alice.api.editMessage(room[4]!.id, 'room 4, edited');
    await alice.api.deleteMessage(room[5]!.id); // the newest: no gap is left to fetch
    alice.api.setCurrentChannel(side);
    await alice.api.editMessage(aside[0]!.id, 'side 0, edited');
    await alice.api.deleteMessage(aside[2]!.id); // the side channel's last message, and bob's unread one
    await alice.api.sendMessage(side, 'side 3');
    proxy.refuse = false;

    await waitUntil(() => bob.api.connectionState === 'connected', 'bob is back');
    const db = cleanup.add(new ChatDatabase(local.dbPath), (d) => d.close());
    expect(await eventually(() => [...listProblems(bob, db), ...unreadProblems(bob, db)])).toEqual([]);
    expect(bob.api.messages.map((m) => m.body)).toEqual([
      'room 0',
      'room 1, edited',
      'room 3',
      'room 4, edited',
    ]);
    expect(bob.api.channels[side]?.unreadCount).toBe(1);
    expect(await fullHistoryProblems(bob, db, side)).toEqual([]);
    expect(bob.api.messages.map((m) => m.body)).toEqual(['side 0, edited', 'side 1', 'side 3']);
    expect(local.errors).toEqual([]);
  });
});

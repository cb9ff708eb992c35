// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { connected, startServer, until } from './harness.js';

describe('smoke', () => {
  it('connects and chats', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const bob = await connected(server.url, 'bob');
    const channel = await alice.getState().createPrivateChannel('bob');
    expect(channel.name).toBe('alice#bob');
    await until(bob, (s) => s.channels['alice#bob'] !== undefined);
    await alice.getState().sendMessage('alice#bob', 'hi');
    const state = await until(bob, (s) => s.channels['alice#bob']?.unreadCount === 1);
    expect(state.totalUnread).toBe(1);
    bob.getState().setCurrentChannel('alice#bob');
    const b2 = await until(bob, (s) => s.messages.length === 1);
    expect(b2.messages[0]?.body).toBe('hi');
    expect(b2.totalUnread).toBe(0);
  });
});

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { localBackend } from '../../backends/local.js';
import { createChatStore } from '../createChatStore.js';
import {
  connected,
  onCleanup,
  startServer,
  switchableWebSocket,
  tempDbPath,
  tokenFor,
  until,
} from './harness.js';

describe('createChatStore: reconnecting', () => {
  it('keeps sends pending while down, fetches what was missed, then sends them in order', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const net = switchableWebSocket();
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
    await alice.getState().createGroupChannel('general');
    await bob.getState().joinChannel('general');
    await alice.getState().sendMessage('general', 'before');
    await until(bob, (s) => s.messages.length === 1);

    net.offline();
    await until(bob, (s) => s.connectionState === 'reconnecting');
    const queued = [
      bob.getState().sendMessage('general', 'offline 1'),
      bob.getState().sendMessage('general', 'offline 2'),
    ];
    for (const text of ['missed 1', 'missed 2', 'missed 3'])
      await alice.getState().sendMessage('general', text);
    expect(bob.getState().messages.map((m) => [m.body, m.status])).toEqual([
      ['before', 'sent'],
      ['offline 1', 'pending'],
      ['offline 2', 'pending'],
    ]);

    net.online();
    const sent = await Promise.all(queued);
    expect(sent.map((m) => m.status)).toEqual(['sent', 'sent']);
    const state = await until(bob, (s) => s.connectionState === 'connected' && s.messages.length === 6);
    expect(state.messages.map((m) => `${m.index} ${m.body} ${m.status}`)).toEqual([
      '0 before sent',
      '1 missed 1 sent',
      '2 missed 2 sent',
      '3 missed 3 sent',
      '4 offline 1 sent',
      '5 offline 2 sent',
    ]);
    await until(alice, (s) => s.channels.general?.lastMessage?.body === 'offline 2');
  });

  it('clears typing when the connection drops: a restarted server never sends its typingEnded', async () => {
    const dbPath = tempDbPath();
    // The server would end typing only after a minute: what clears it here is the client.
    const first = await startServer({ dbPath, typingTimeoutMs: 60_000 });
    const port = Number(new URL(first.url).port);
    const alice = await connected(first.url, 'alice');
    const bob = await connected(first.url, 'bob');
    await alice.getState().createGroupChannel('general');
    await bob.getState().joinChannel('general');
    await until(alice, (s) => s.channels.general?.members.length === 2);
    bob.getState().setTyping('general');
    await until(alice, (s) => s.typing.general?.includes('bob') === true);

    await first.close();
    const down = await until(alice, (s) => s.connectionState === 'reconnecting');
    expect(down.typing).toEqual({});
    await startServer({ dbPath, port, typingTimeoutMs: 60_000 });
    const up = await until(alice, (s) => s.connectionState === 'connected');
    expect(up.typing).toEqual({});
  });

  it('follows the server through a restart on the same port and data', async () => {
    const dbPath = tempDbPath();
    const first = await startServer({ dbPath });
    const port = Number(new URL(first.url).port);
    const alice = await connected(first.url, 'alice');
    await alice.getState().createGroupChannel('general');
    alice.getState().setCurrentChannel('general');
    await alice.getState().sendMessage('general', 'one');

    await first.close();
    await until(alice, (s) => s.connectionState === 'reconnecting');
    const second = await startServer({ dbPath, port });
    const bob = await connected(second.url, 'bob');
    await bob.getState().joinChannel('general');
    await bob.getState().sendMessage('general', 'two');

    const state = await until(alice, (s) => s.connectionState === 'connected' && s.messages.length === 2);
    expect(state.messages.map((m) => m.body)).toEqual(['one', 'two']);
    expect(state.error).toBeNull();
  });
});

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { openRoom, until } from './harness.js';

describe('createChatStore: catching up the open channel after a reconnect', () => {
  it('shows what was missed by the time it is connected again, with nothing sent or live to reveal the gap', async () => {
    const { alice, bob } = await openRoom();

    alice.net.offline();
    await until(alice.store, (s) => s.connectionState === 'reconnecting');
    await bob.getState().sendMessage('general', 'missed 1');
    await bob.getState().sendMessage('general', 'missed 2');
    // Only the resync can bring them: alice sends nothing, and nothing new arrives live.
    alice.net.online();
    const state = await until(alice.store, (s) => s.connectionState === 'connected');
    expect(state.messages.map((m) => `${m.index} ${m.body}`)).toEqual([
      '0 before the drop',
      '1 missed 1',
      '2 missed 2',
    ]);
    expect(state.channels.general?.unreadCount).toBe(0);
  });
});

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { connected, onSwitchableNetwork, startServer, until } from './harness.js';

describe('createChatStore: unread counts leave out one’s own messages', () => {
  it('a message this user sent from another tab never counts as unread, even before the server’s count arrives', async () => {
    const server = await startServer();
    const tab = await onSwitchableNetwork(server.url, 'alice');
    const other = await connected(server.url, 'alice');
    const bob = await connected(server.url, 'bob');
    await tab.store.getState().createGroupChannel('general');
    await tab.store.getState().createGroupChannel('elsewhere');
    tab.store.getState().setCurrentChannel('elsewhere'); // general is closed in this tab
    await bob.getState().joinChannel('general');
    await bob.getState().sendMessage('general', 'from bob');
    await until(tab.store, (s) => s.channels.general?.unreadCount === 1);
    await until(other, (s) => 'general' in s.channels);

    // The server's count for general (readHorizonChanged) is held back until the message is shown.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    tab.hook.incoming = (frame) => (frame.event === 'readHorizonChanged' ? held : undefined);
    const counts: number[] = [];
    tab.store.subscribe(() => {
      counts.push(tab.store.getState().channels.general?.unreadCount ?? -1);
    });
    await other.getState().sendMessage('general', 'from alice, other tab');
    const shown = await until(tab.store, (s) => s.channels.general?.lastMessage?.author === 'alice');
    expect(shown.channels.general?.unreadCount).toBe(1); // bob's only
    tab.hook.incoming = null;
    release();
    // The server moved alice's horizon to her own message: nothing is unread.
    await until(tab.store, (s) => s.channels.general?.unreadCount === 0);
    expect(counts.filter((count) => count > 1)).toEqual([]);
  });
});

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { connected, onCleanup, startServer, until } from '../../core/__tests__/harness.js';
import type { ChatBackend } from '../../core/backend.js';
import { connectClient } from '../local/__tests__/harness.js';

const pad = (i: number) => String(i).padStart(4, '0');

/** `identity` in `count` group channels made by `owner`, each with one message; returns the names. */
async function memberOf(backend: ChatBackend, identity: string, count: number, body = 'hello') {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `room-${pad(i)}`;
    await backend.createChannel({
      name,
      type: 'group',
      friendlyName: '',
      description: '',
      members: [identity],
    });
    await backend.sendMessage(name, { clientId: `c${i}`, body, file: null });
    names.push(name);
  }
  return names;
}

/** The owner of the fixture's channels, as a bare backend (shut down after the test). */
async function ownerOn(url: string): Promise<ChatBackend> {
  const { backend } = await connectClient(url, 'owner');
  onCleanup(() => backend.shutdown());
  return backend;
}

// Quotas and the frame rate limit are set for a person, not for a fixture that makes hundreds of
// channels in a second.
const fixtureServer = () => startServer({ quotas: false, rateLimit: false });

describe('localBackend: channel lists longer than a page', () => {
  it('a store shows every channel of a user in more channels than one page holds, and stays correct', async () => {
    const server = await fixtureServer();
    const owner = await ownerOn(server.url);
    const names = await memberOf(owner, 'alice', 230);
    const ops: string[] = [];
    const alice = await connected(server.url, 'alice', { ops });
    // connect() resolves once the channel list has loaded.
    const state = alice.getState();
    expect(ops.filter((op) => op === 'listChannels')).toHaveLength(2); // 200 + 30
    expect(Object.keys(state.channels).sort()).toEqual(names);
    expect(state.totalUnread).toBe(230);
    expect(state.channels['room-0229']).toMatchObject({ unreadCount: 1, lastMessage: { body: 'hello' } });

    // Events keep working on channels of either page, and after the list.
    await owner.sendMessage('room-0229', { clientId: 'late', body: 'news on the last page', file: null });
    await until(alice, (s) => s.channels['room-0229']?.unreadCount === 2);
    await alice.getState().leaveChannel('room-0000');
    await owner.createChannel({
      name: 'room-9999',
      type: 'group',
      friendlyName: '',
      description: '',
      members: ['alice'],
    });
    const after = await until(alice, (s) => s.channels['room-9999'] !== undefined);
    expect(Object.keys(after.channels)).toHaveLength(230);
    expect(after.channels['room-0000']).toBeUndefined();
    // One more unread on room-0229, one fewer with room-0000 gone, none in the new room-9999.
    expect(after.totalUnread).toBe(230);
  });

  it('loads heavy channels over several pages cut by size', async () => {
    const server = await fixtureServer();
    // 32 KiB last messages: the server's 512 KiB page budget holds about 15 of them.
    const names = await memberOf(await ownerOn(server.url), 'alice', 40, 'm'.repeat(32 * 1024));
    const ops: string[] = [];
    const alice = await connected(server.url, 'alice', { ops });
    const state = alice.getState();
    expect(ops.filter((op) => op === 'listChannels').length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(state.channels).sort()).toEqual(names);
    expect(Object.values(state.channels).every((c) => c.lastMessage?.body.length === 32 * 1024)).toBe(true);
  });
});

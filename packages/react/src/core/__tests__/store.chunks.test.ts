// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { codeOf, connected, onSwitchableNetwork, startServer, until } from './harness.js';

// Creating, joining and managing channels load their own chunk on first use (engine.ts). A chunk
// that fails to load (the app's server was unreachable a moment) must fail that one call with a
// ChatError and load on the next call, not poison every later call.
const fail = { manage: false, changes: false };
vi.mock('../manageActions.js', async (importOriginal) => {
  if (fail.manage) {
    fail.manage = false;
    throw new TypeError('Failed to fetch dynamically imported module: manageActions.js');
  }
  return importOriginal();
});
vi.mock('../changes.js', async (importOriginal) => {
  if (fail.changes) {
    fail.changes = false;
    throw new TypeError('Failed to fetch dynamically imported module: changes.js');
  }
  return importOriginal();
});

afterEach(() => {
  fail.manage = false;
  fail.changes = false;
});

describe('createChatStore: chunks loaded on first use', () => {
  it('a management chunk that failed to load rejects that call with network, and loads on the next', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    fail.manage = true;
    expect(await codeOf(alice.getState().createGroupChannel('team'))).toBe('network');
    expect(alice.getState().channels.team).toBeUndefined();
    const team = await alice.getState().createGroupChannel('team');
    expect(team.createdBy).toBe('alice');
    expect(alice.getState().channels.team?.members).toEqual(['alice']);
  });

  it('a resync whose changes chunk failed to load tries again, and shows the edit made while offline', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const { store: bob, net } = await onSwitchableNetwork(server.url, 'bob');
    await alice.getState().createGroupChannel('team');
    await alice.getState().addMember('team', 'bob');
    const first = await alice.getState().sendMessage('team', 'hello');
    await until(bob, (s) => s.channels.team?.lastMessage?.body === 'hello');
    bob.getState().setCurrentChannel('team');
    await until(bob, (s) => s.messages.length === 1);

    net.offline();
    await until(bob, (s) => s.connectionState === 'reconnecting');
    await alice.getState().editMessage(first.id, 'hello, edited');
    fail.changes = true;
    net.online();
    const state = await until(
      bob,
      (s) => s.connectionState === 'connected' && s.messages[0]?.body === 'hello, edited',
    );
    expect(fail.changes).toBe(false); // the failing load was tried
    expect(state.error).toBeNull();
  });
});

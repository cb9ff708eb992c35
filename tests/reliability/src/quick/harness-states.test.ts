import { afterEach, describe, expect, it } from 'vitest';
import { ChatUser, statesAfterConnect } from '../harness/ChatUser.js';
import { Cleanup } from '../harness/Cleanup.js';
import { startLocalServer } from '../harness/startLocalServer.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('quick: the harness cannot pass "no state but connected" by accident', () => {
  it('a user that never published connected fails the check instead of passing it', () => {
    expect(() => statesAfterConnect('alice', [])).toThrow(/alice never published 'connected'/);
    expect(() => statesAfterConnect('alice', ['connecting', 'reconnecting', 'disconnected'])).toThrow(
      /never published 'connected' \(states: connecting, reconnecting, disconnected\)/,
    );
    expect(statesAfterConnect('alice', ['connecting', 'connected', 'reconnecting'])).toEqual([
      'reconnecting',
    ]);
  });

  it('a user that connected has nothing after connected until something happens', async () => {
    const server = await startLocalServer(cleanup);
    const alice = cleanup.add(await ChatUser.connect(server.url, 'alice'), (user) => user.close());
    await Promise.resolve(); // the store publishes in a microtask (batchMs 0)
    expect(alice.states).toContain('connected');
    expect(alice.statesAfterConnect()).toEqual([]);
  });
});

import type { WireMessage } from '@chat/protocol';
import { describe, expect, test } from 'vitest';
import { type Reply, startServer, TestClient } from './helpers.js';

// Issue 12: the limits were per connection, so 25 sockets of one user stored 10,025 messages in
// 8 s. Buckets that practically never refill (0.001/s) make the outcomes independent of timing.

function sends(client: TestClient, count: number, prefix: string): Promise<Reply[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      client.request('sendMessage', { channel: 'room', clientId: `${prefix}${i}`, body: `${prefix} ${i}` }),
    ),
  );
}

async function room(options: Parameters<typeof startServer>[0], tabs: number) {
  const server = await startServer(options);
  const bob = await TestClient.open(server, 'bob');
  await bob.call('createChannel', { name: 'room', type: 'group' });
  const alice: TestClient[] = [];
  for (let i = 0; i < tabs; i++) alice.push(await TestClient.open(server, 'alice'));
  await alice[0]!.call('joinChannel', { name: 'room' });
  return { server, bob, alice };
}

describe('rate limits shared by all the connections of one identity', () => {
  test('message sends: three sockets together get one budget; another user still sends', async () => {
    const { bob, alice } = await room(
      { rateLimit: { perIdentity: { sendsPerSecond: 0.001, sendBurst: 5 } } },
      3,
    );
    const replies = (await Promise.all(alice.map((tab, i) => sends(tab, 4, `t${i}-`)))).flat();
    expect(replies.filter((r) => r.ok)).toHaveLength(5);
    expect(new Set(replies.filter((r) => !r.ok).map((r) => r.error?.code))).toEqual(
      new Set(['rate_limited']),
    );
    expect(
      await bob.call('sendMessage', { channel: 'room', clientId: 'b', body: 'still here' }),
    ).toHaveProperty('message');
    const { messages } = await bob.call<{ messages: WireMessage[] }>('getMessages', {
      channel: 'room',
      pageSize: 100,
    });
    expect(messages.filter((m) => m.author === 'alice')).toHaveLength(5);
  });

  test('frames: each socket under its own limit, together over the identity budget', async () => {
    const { bob, alice } = await room(
      {
        rateLimit: { framesPerSecond: 1000, burst: 100, perIdentity: { framesPerSecond: 0.001, burst: 12 } },
      },
      3,
    );
    // joinChannel took one frame of the identity budget.
    const replies = (
      await Promise.all(alice.map((tab) => Promise.all([1, 2, 3, 4, 5].map(() => tab.request('ping')))))
    ).flat();
    expect(replies.filter((r) => r.ok)).toHaveLength(11);
    expect(replies.filter((r) => !r.ok).map((r) => r.error?.code)).toEqual(Array(4).fill('rate_limited'));
    expect(await bob.call('ping')).toHaveProperty('now');
  });

  test('a socket that keeps sending past the identity budget is closed 4008', async () => {
    const { alice } = await room(
      { rateLimit: { closeAfterRefused: 5, perIdentity: { sendsPerSecond: 0.001, sendBurst: 1 } } },
      1,
    );
    const [tab] = alice as [TestClient];
    void sends(tab, 10, 'x');
    expect((await tab.closed).code).toBe(4008);
    // After hello and joinChannel: one send stored, then refusals until the close.
    const afterSetup = tab.replies.slice(2);
    expect(afterSetup.filter((r) => r.ok)).toHaveLength(1);
    expect(afterSetup.filter((r) => !r.ok).map((r) => r.error?.code)).toEqual(Array(4).fill('rate_limited'));
  });

  test('rateLimit: false turns the identity budgets off too (benchmarks)', async () => {
    const { alice } = await room({ rateLimit: false }, 2);
    const replies = (await Promise.all(alice.map((tab, i) => sends(tab, 150, `t${i}-`)))).flat();
    expect(replies.every((r) => r.ok)).toBe(true);
  });
});

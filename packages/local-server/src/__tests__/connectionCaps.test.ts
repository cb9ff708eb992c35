import { describe, expect, test } from 'vitest';
import { addressKey } from '../connectionGate.js';
import { startServer, TestClient, tokenFor } from './helpers.js';
import { RawSocket, requestHead } from './RawSocket.js';

// Issue 12: one user opened 600 signed-in sockets and 600 that never said hello, all accepted.
// 127.0.0.2 plays the attacker's host, 127.0.0.1 everyone else's.

async function healthz(port: number, localAddress: string): Promise<string> {
  const raw = new RawSocket(port, { localAddress });
  raw.write(requestHead('GET', '/healthz', { Connection: 'close' }));
  await raw.closed;
  return raw.received;
}

describe('TCP connections per address and in total', () => {
  test('one address past maxConnectionsPerAddress is closed at once; other addresses are served', async () => {
    const server = await startServer({ maxConnectionsPerAddress: 3 });
    // Three sockets that never say hello: they hold their slots until the hello timeout.
    const held = await Promise.all(
      [1, 2, 3].map(() => TestClient.open(server, undefined, { localAddress: '127.0.0.2' })),
    );
    const fourth = new RawSocket(server.port, { localAddress: '127.0.0.2' });
    fourth.write(requestHead('GET', '/healthz'));
    expect(await fourth.closedByServerWithin(5000)).toBe(true);
    expect(fourth.received).toBe('');
    // Another host is not locked out: it gets /healthz and signs in.
    expect(await healthz(server.port, '127.0.0.1')).toMatch(/^HTTP\/1\.1 200/);
    const bob = await TestClient.open(server, 'bob', { localAddress: '127.0.0.1' });
    expect(await bob.call('ping')).toHaveProperty('now');
    // A slot comes back when its socket closes.
    held[0]!.close();
    await held[0]!.closed;
    await expect.poll(() => healthz(server.port, '127.0.0.2'), { timeout: 5000 }).toMatch(/^HTTP\/1\.1 200/);
  });

  test('past maxConnections every address is refused until a connection closes', async () => {
    const server = await startServer({ maxConnections: 2 });
    const first = await TestClient.open(server, 'alice', { localAddress: '127.0.0.2' });
    await TestClient.open(server, 'bob', { localAddress: '127.0.0.3' });
    const third = new RawSocket(server.port, { localAddress: '127.0.0.4' });
    expect(await third.closedByServerWithin(5000)).toBe(true);
    first.close();
    await expect.poll(() => healthz(server.port, '127.0.0.4'), { timeout: 5000 }).toMatch(/^HTTP\/1\.1 200/);
  });

  test('connections are counted per IPv4 address, and per /64 for IPv6', () => {
    expect(addressKey('127.0.0.2')).toBe('127.0.0.2');
    expect(addressKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('signed-in WebSockets per identity', () => {
  test('one hello past maxSocketsPerIdentity gets rate_limited and close 4009; others and a freed slot are fine', async () => {
    const server = await startServer({ maxSocketsPerIdentity: 2 });
    const tabs = [await TestClient.open(server, 'alice'), await TestClient.open(server, 'alice')];
    const third = await TestClient.open(server);
    const reply = await third.request('hello', { token: tokenFor('alice') });
    expect(reply.error?.code).toBe('rate_limited');
    expect(reply.error?.message).toMatch(/maxSocketsPerIdentity/);
    expect((await third.closed).code).toBe(4009);
    // Another identity is not affected, and the two tabs keep working.
    const bob = await TestClient.open(server, 'bob');
    expect(await bob.call('ping')).toHaveProperty('now');
    expect(await tabs[1]!.call('ping')).toHaveProperty('now');
    // Once a tab has closed, its slot is free again.
    tabs[0]!.close();
    await tabs[0]!.closed;
    await expect
      .poll(
        async () => {
          const again = await TestClient.open(server);
          const { ok } = await again.request('hello', { token: tokenFor('alice') });
          again.close();
          return ok;
        },
        { timeout: 5000 },
      )
      .toBe(true);
  });
});

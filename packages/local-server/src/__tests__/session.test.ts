import { connect } from 'node:net';
import { describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { claims, keys, rawToken, startServer, TestClient, tokenFor } from './helpers.js';

const HS256 = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' };

describe('hello', () => {
  test('takes the identity from the token and reports its expiry', async () => {
    const server = await startServer();
    const client = await TestClient.open(server);
    const before = Date.now();
    const result = await client.call<{ identity: string; expiresAt: number }>('hello', {
      token: tokenFor('alice'),
    });
    expect(result.identity).toBe('alice');
    expect(result.expiresAt).toBeGreaterThan(before + 3_500_000);
    expect(await client.call('ping')).toEqual({ now: expect.any(Number) });
  });

  test('every other op before hello is refused with not_connected', async () => {
    const server = await startServer();
    const client = await TestClient.open(server);
    expect(await client.errorOf('listChannels')).toBe('not_connected');
    expect(await client.errorOf('ping')).toBe('not_connected');
    expect(await client.errorOf('updateToken', { token: tokenFor('alice') })).toBe('not_connected');
  });

  test('a second hello is refused and the connection keeps its identity', async () => {
    const server = await startServer();
    const client = await TestClient.open(server, 'alice');
    expect(await client.errorOf('hello', { token: tokenFor('bob') })).toBe('invalid_argument');
    await client.call('createChannel', { name: 'room', type: 'group' });
    const { channels } = await client.call<{ channels: { createdBy: string }[] }>('listChannels');
    expect(channels.map((c) => c.createdBy)).toEqual(['alice']);
  });

  const refused: [string, () => string, string, number][] = [
    ['a forged signature', () => rawToken(HS256, claims('alice'), 'not-the-secret'), 'token_invalid', 4002],
    [
      'alg none',
      () => `${rawToken({ alg: 'none', typ: 'JWT' }, claims('alice')).split('.').slice(0, 2).join('.')}.`,
      'token_invalid',
      4002,
    ],
    [
      'another service SID',
      () => tokenFor('alice', 3600, { ...keys, serviceSid: `IS${'f'.repeat(32)}` }),
      'token_invalid',
      4002,
    ],
    [
      'another account',
      () => rawToken(HS256, claims('alice', { sub: `AC${'e'.repeat(32)}` })),
      'token_invalid',
      4002,
    ],
    ['an identity with #', () => rawToken(HS256, claims('a#b')), 'token_invalid', 4002],
    // Correctly signed tokens for identities no server mints: the shared rule of @chat/protocol.
    ['an identity with a lone surrogate', () => rawToken(HS256, claims('eve\ud800')), 'token_invalid', 4002],
    ['an identity with U+200B', () => rawToken(HS256, claims('alice\u200b')), 'token_invalid', 4002],
    ['an identity with U+202E', () => rawToken(HS256, claims('ali\u202ece')), 'token_invalid', 4002],
    ['an identity with a BOM', () => rawToken(HS256, claims('\ufeffalice')), 'token_invalid', 4002],
    ['an identity with U+2028', () => rawToken(HS256, claims('alice\u2028')), 'token_invalid', 4002],
    [
      'an identity with a fullwidth #',
      () => rawToken(HS256, claims('alice\uff03bob')),
      'token_invalid',
      4002,
    ],
    ['an identity not in NFC', () => rawToken(HS256, claims('cafe\u0301')), 'token_invalid', 4002],
    ['garbage', () => 'not.a.token', 'token_invalid', 4002],
    [
      'an expired token',
      () => rawToken(HS256, claims('alice', { exp: Math.floor(Date.now() / 1000) - 5 })),
      'token_expired',
      4003,
    ],
  ];
  test.each(refused)(
    '%s is refused with a typed error, then the close code',
    async (_, token, code, close) => {
      const server = await startServer();
      const client = await TestClient.open(server);
      expect(await client.errorOf('hello', { token: token() })).toBe(code);
      expect((await client.closed).code).toBe(close);
    },
  );

  test('a connection that never says hello is closed with 4001', async () => {
    const server = await startServer({ helloTimeoutMs: 50 });
    const client = await TestClient.open(server);
    expect((await client.closed).code).toBe(4001);
  });
});

describe('token lifecycle', () => {
  // Token times have a resolution of one second: a 3 s token with a 2 s margin warns after ~1 s.
  test('warns before exp, accepts an update, and closes 4003 when the new token expires', async () => {
    const server = await startServer({ tokenRefreshMarginMs: 2000 });
    const client = await TestClient.open(server, { token: tokenFor('alice', 3) });
    const warning = await client.event('tokenAboutToExpire');
    expect(warning.expiresAt).toEqual(expect.any(Number));
    expect(client.ws.readyState).toBe(client.ws.OPEN);

    const { expiresAt } = await client.call<{ expiresAt: number }>('updateToken', {
      token: tokenFor('alice', 4),
    });
    expect(expiresAt).toBeGreaterThan(warning.expiresAt as number);
    await client.until(() => client.named('tokenAboutToExpire').length === 2);
    expect(client.named('tokenAboutToExpire')[1]?.expiresAt).toBe(expiresAt);
    expect((await client.closed).code).toBe(4003);
  });

  test('updateToken refuses another identity and bad tokens, keeping the connection', async () => {
    const server = await startServer();
    const client = await TestClient.open(server, 'alice');
    expect(await client.errorOf('updateToken', { token: tokenFor('bob') })).toBe('token_invalid');
    expect(await client.errorOf('updateToken', { token: 'x.y.z' })).toBe('token_invalid');
    const expired = rawToken(HS256, claims('alice', { exp: Math.floor(Date.now() / 1000) - 1 }));
    expect(await client.errorOf('updateToken', { token: expired })).toBe('token_expired');
    expect(await client.call('ping')).toEqual({ now: expect.any(Number) });
  });

  test('close() leaves no connection behind: clients see 1001', async () => {
    const server = await startServer();
    const client = await TestClient.open(server, 'alice');
    await server.close();
    expect((await client.closed).code).toBe(1001);
  });
});

describe('heartbeat', () => {
  test('a socket that answers pings stays; one that does not is cut', async () => {
    const server = await startServer({ heartbeatMs: 20 });
    const healthy = await TestClient.open(server, 'alice');
    const mute = await TestClient.open(server, 'bob', { autoPong: false });
    const threePings = new Promise<void>((resolve) => {
      let pings = 0;
      healthy.ws.on('ping', () => {
        if (++pings === 3) resolve();
      });
    });
    expect((await mute.closed).code).toBe(1006);
    await threePings;
    expect(await healthy.call('ping')).toEqual({ now: expect.any(Number) });
  });
});

describe('shutdown', () => {
  test('close() leaves no timer behind, whatever was pending', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const server = await startServer({ typingTimeoutMs: 60_000 });
    const alice = await TestClient.open(server, 'alice'); // token timers
    const silent = await TestClient.open(server); // a hello timer
    await alice.call('createChannel', { name: 'room', type: 'group' });
    await alice.call('typing', { channel: 'room' }); // a typing timer
    expect(timers()).toBeGreaterThanOrEqual(before + 4);
    await server.close();
    // The clients' own close handshakes hold timers until their sockets end.
    await Promise.all([alice.closed, silent.closed]);
    // At most as many as before: a timer of an earlier test in this worker may end meanwhile.
    expect(timers()).toBeLessThanOrEqual(before);
  });

  test('a client that reconnects the moment it is told to go does not slip in during shutdown', async () => {
    const server = await startServer();
    const { port } = server;
    // A raw socket that never answers the close handshake, so that shutdown has to wait for it,
    // and that reconnects as soon as the server's close frame (first byte 0x88) arrives.
    const raw = connect(port, '127.0.0.1');
    raw.on('error', () => {});
    raw.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await new Promise((resolve) => raw.once('data', resolve)); // 101 Switching Protocols
    const retried = new Promise<string>((resolve) => {
      raw.on('data', (chunk: Buffer) => {
        if (chunk[0] !== 0x88) return;
        const retry = new WebSocket(`ws://127.0.0.1:${port}/ws`);
        retry.on('open', () => {
          retry.terminate();
          resolve('accepted');
        });
        retry.on('error', () => resolve('refused'));
      });
    });
    await server.close();
    expect(await retried).toBe('refused');
    raw.destroy();
  });
});

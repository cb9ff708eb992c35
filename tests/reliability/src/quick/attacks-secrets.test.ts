import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalServer, type LocalServer } from '@chat/local-server';
import { bearerJwtAuthenticator, createApp, createJsonLogger, devKeys } from '@chat/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attackBench } from '../attacks/attackBench.js';
import { IDP, idpToken } from '../attacks/bearerTokenAttacks.js';
import { LeakWatch } from '../attacks/LeakWatch.js';
import { rawRequest } from '../attacks/rawHttp.js';
import { WsClient } from '../attacks/WsClient.js';

// Secrets in logs and error bodies, with both servers on their DEFAULT loggers (JSON lines on
// stdout, the console) so that what an operator would see is what is checked. Every other attack
// file runs the same check on its own capturing loggers; this file also proves the check can fail.
const bench = attackBench('secrets', { quiet: true });
bench.watch.secret(IDP.secret);
let tokenServer: Server;
let tokenPort: number;
let local: LocalServer;
// The default logger (JSON lines on process.stdout), held here only to flush its buffer.
const jsonLogger = createJsonLogger();

beforeAll(async () => {
  const app = createApp({
    keys: devKeys,
    logger: jsonLogger,
    rateLimit: { capacity: 5, refillPerSecond: 0.001 },
  });
  tokenServer = createServer(app.callback());
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  tokenPort = (tokenServer.address() as AddressInfo).port;
  local = await createLocalServer({ port: 0, dbPath: ':memory:', keys: devKeys });
});
afterAll(async () => {
  await local.close();
  tokenServer.closeAllConnections();
  await new Promise((resolve) => tokenServer.close(resolve));
});

/** Lets pending log writes happen: the JSON logger buffers lines, the console writes at once. */
const tick = async () => {
  jsonLogger.flush();
  await new Promise((resolve) => setImmediate(resolve));
};

describe('the leak check itself', () => {
  test('finds a secret in stdout, the console, a logger line and an error body', () => {
    const watch = new LeakWatch();
    watch.secret('canary-secret-value');
    watch.start({ passThrough: false });
    try {
      process.stdout.write('');
      console.info('x');
      watch.tokenServerLogger().error('boom', { detail: 'has canary-secret-value inside' });
      watch.record('error body', '{"error":{"message":"canary-secret-value"}}');
      process.stderr.write('line with canary-secret-value\n');
    } finally {
      watch.stop();
    }
    expect(
      watch
        .leaks()
        .map((leak) => leak.source)
        .sort(),
    ).toEqual(['error body', 'stderr', 'token-server log']);
    expect(watch.captured.map((entry) => entry.source)).toContain('console.info');
  });
});

describe('both servers on their default loggers', () => {
  test('issuing, refusing and rate limiting tokens logs identities, never tokens or the secret', async () => {
    const minted: string[] = [];
    for (const identity of ['alice', 'bob', 'carol']) {
      const res = await rawRequest(tokenPort, {
        method: 'POST',
        path: `/token?token=${minted[0] ?? 'x'}`,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${minted[0] ?? 'x'}` },
        body: JSON.stringify({ identity }),
      });
      expect(res.status).toBe(200);
      minted.push(bench.watch.secret(JSON.parse(res.text).token as string));
    }
    // After 3 tokens: a 404 carrying a token in the query, an identity carrying a token, a body
    // carrying the API secret (still a valid request: dave gets a token), then the rate limit.
    const more: Array<[string, string, number]> = [
      [`/nope?access_token=${minted[0]}`, '{}', 404],
      ['/token', `{"identity":"${minted[1]}#"}`, 400],
      ['/token', JSON.stringify({ identity: 'dave', secret: devKeys.apiSecret }), 200],
      ['/token', '{"identity":"erin"}', 429],
    ];
    for (const [path, body, status] of more) {
      const res = await rawRequest(tokenPort, {
        method: 'POST',
        path,
        body,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${minted[2]}` },
      });
      expect(res.status, path).toBe(status);
      if (status === 200) bench.watch.secret(JSON.parse(res.text).token as string);
      else bench.watch.record('token-server error body', res.text);
    }
    await tick();
    const logged = bench.watch.captured.filter(
      (entry) => entry.source === 'stdout' && entry.text.includes('"msg"'),
    );
    expect(logged.some((entry) => entry.text.includes('"identity":"alice"'))).toBe(true);
    expect(logged.some((entry) => entry.text.includes('rate_limited'))).toBe(true);
    bench.tally.count('secrets: token server requests', minted.length + more.length);
  });

  test('the bearer authenticator refusing tokens logs no token', async () => {
    const app = createApp({
      keys: devKeys,
      logger: jsonLogger,
      rateLimit: false,
      authenticate: bearerJwtAuthenticator({
        secret: IDP.secret,
        issuer: IDP.issuer,
        audience: IDP.audience,
      }),
    });
    const server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const expired = bench.watch.secret(idpToken('bob', { exp: Math.floor(Date.now() / 1000) - 60 }));
    const genuine = bench.watch.secret(idpToken('bob'));
    for (const token of [expired, `${genuine}x`, genuine.replace('.', '..')]) {
      const res = await rawRequest(port, {
        method: 'POST',
        path: '/token',
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(401);
      bench.watch.record('token-server error body', res.text);
    }
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await tick();
    bench.tally.count('secrets: bearer refusals', 3);
  });

  test('the local server refusing tokens, uploads and identities logs and answers no token', async () => {
    const alice = bench.mint('alice');
    const expired = bench.mint('alice', { ttlSeconds: 180, now: Date.now() - 181_000 });
    const client = await WsClient.signIn(local.url, alice);
    expect(await client.errorOf('updateToken', { token: bench.mint('bob') })).toBe('token_invalid');
    expect(await client.errorOf('updateToken', { token: expired })).toBe('token_expired');
    expect(await client.errorOf('mediaUrl', { sid: 'ME0' })).toBe('channel_not_found');
    const refusedHello = await WsClient.connect(local.url);
    expect(await refusedHello.errorOf('hello', { token: expired })).toBe('token_expired');
    for (const token of [expired, `${alice}x`]) {
      const res = await fetch(`${local.url}/media?channel=x&filename=a`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: 'x',
      });
      expect(res.status).toBe(401);
      bench.watch.record('local-server http error body', await res.text());
    }
    bench.tally.count('secrets: local server refusals', 6);
  });
});

test('no secret or token shows up in any log, console line or error body', async () => {
  await tick();
  expect(bench.watch.watched).toBeGreaterThan(8);
  expect(bench.watch.leaks()).toEqual([]);
});

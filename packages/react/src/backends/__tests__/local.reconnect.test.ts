// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalServer } from '@chat/local-server';
import { devKeys } from '@chat/server';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ChatBackend } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';
import { Recorder, tokenFor } from '../local/__tests__/harness.js';
import { trackLeftovers } from '../local/__tests__/trackLeftovers.js';
import { localBackend } from '../local.js';

type LocalServer = Awaited<ReturnType<typeof createLocalServer>>;
const quiet = { info() {}, error() {} };
const fastBackoff = { initialDelayMs: 20, maxDelayMs: 200 };

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(options: { port?: number; dbPath?: string; tokenRefreshMarginMs?: number } = {}) {
  const server = await createLocalServer({
    port: 0,
    dbPath: ':memory:',
    keys: devKeys,
    logger: quiet,
    ...options,
  });
  let closed = false;
  const close = async () => {
    if (!closed) await server.close();
    closed = true;
  };
  cleanups.push(close);
  return { server, close };
}

function backendFor(server: LocalServer): ChatBackend {
  const backend = localBackend({ url: server.url, WebSocket, reconnect: fastBackoff });
  cleanups.push(() => backend.shutdown());
  return backend;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChatError);
  return (error as ChatError).code;
}

describe('localBackend: reconnecting', () => {
  it('reconnects after the server restarts on the same port and file, and refuses calls meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-local-backend-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'chat.db');
    const first = await startServer({ dbPath });
    const port = Number(new URL(first.server.url).port);
    const backend = backendFor(first.server);
    const recorder = new Recorder();
    await backend.connect(tokenFor('alice'), recorder.emit);
    await backend.createChannel({
      name: 'kept',
      type: 'group',
      friendlyName: '',
      description: '',
      members: [],
    });

    await first.close();
    await recorder.waitFor('connectionStateChanged', (e) => e.state === 'reconnecting');
    // Not queued: the store owns the outbox and resends after 'connected'.
    expect(await codeOf(backend.listChannels())).toBe('network');
    expect(await codeOf(backend.sendMessage('kept', { clientId: 'x', body: 'x', file: null }))).toBe(
      'network',
    );

    const from = recorder.events.length;
    await startServer({ port, dbPath });
    await recorder.waitFor('connectionStateChanged', (e) => e.state === 'connected', from);
    expect((await backend.listChannels()).map((c) => c.name)).toEqual(['kept']);
    expect(recorder.states()).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('shutdown while reconnecting cancels the backoff and leaves no timer or socket behind', async () => {
    const { server, close } = await startServer();
    const leftovers = trackLeftovers();
    cleanups.push(leftovers.restore);
    const before = await leftovers.settled();
    // A backoff of ~11 days: the attempt never fires during the test, so only shutdown can clear it.
    const never = { initialDelayMs: 1e9, maxDelayMs: 1e9 };
    const backend = localBackend({ url: server.url, WebSocket, reconnect: never });
    const recorder = new Recorder();
    await backend.connect(tokenFor('alice'), recorder.emit);
    await close();
    await recorder.waitFor('connectionStateChanged', (e) => e.state === 'reconnecting');
    // The server is gone: what is left over is the client's, and its backoff timer is there.
    expect((await leftovers.settled()).timers).toBeGreaterThan(0);
    await backend.shutdown();
    const seen = recorder.events.length;
    // The server's listening socket went with close(); nothing of the client's is left.
    expect(await leftovers.settled()).toEqual({ timers: 0, sockets: before.sockets - 1 });
    expect(await codeOf(backend.listChannels())).toBe('not_connected');
    expect(recorder.events.length).toBe(seen);
  });
});

describe('localBackend: shutdown during connect', () => {
  for (const phase of ['connecting', 'open'] as const) {
    it(`ends a socket still ${phase === 'open' ? 'saying hello' : 'connecting'}, and leaves nothing behind`, async () => {
      const { server } = await startServer();
      const leftovers = trackLeftovers();
      cleanups.push(leftovers.restore);
      const before = await leftovers.settled();
      let created!: (socket: WebSocket) => void;
      const socket = new Promise<WebSocket>((resolve) => {
        created = resolve;
      });
      class Watched extends WebSocket {
        constructor(...args: ConstructorParameters<typeof WebSocket>) {
          super(...args);
          created(this);
        }
      }
      const backend = localBackend({ url: server.url, WebSocket: Watched as typeof WebSocket });
      const connecting = backend.connect(tokenFor('alice'), () => {});
      const ws = await socket;
      if (phase === 'open') await new Promise((resolve) => ws.once('open', resolve));
      await backend.shutdown();
      expect(ws.readyState).toBe(WebSocket.CLOSED);
      expect(await codeOf(connecting)).toBe('not_connected');
      await server.close();
      expect(await leftovers.settled()).toEqual({ timers: 0, sockets: before.sockets - 1 });
    });
  }
});

describe('localBackend: keep-alive', () => {
  it('drops a socket whose pings go unanswered and reconnects', async () => {
    const { server } = await startServer();
    // The server is real; only this client's pings vanish, as they would into a dead connection.
    class PingsVanish extends WebSocket {
      override send(data: string): void {
        if (JSON.parse(data).op !== 'ping') super.send(data);
      }
    }
    const backend = localBackend({
      url: server.url,
      WebSocket: PingsVanish,
      keepAliveMs: 50,
      requestTimeoutMs: 200,
      reconnect: fastBackoff,
    });
    cleanups.push(() => backend.shutdown());
    const recorder = new Recorder();
    await backend.connect(tokenFor('alice'), recorder.emit);
    await recorder.waitFor('connectionStateChanged', (e) => e.state === 'reconnecting');
    await recorder.waitFor('connectionStateChanged', (e) => e.state === 'connected', 2);
    expect(recorder.states().slice(0, 4)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  });
});

describe('localBackend: token lifetime', () => {
  it('emits tokenAboutToExpire, and updateToken keeps the connection', async () => {
    // Tokens live at least 180 s; a margin of 179 s makes the warning come about a second in.
    const { server } = await startServer({ tokenRefreshMarginMs: 179_000 });
    const backend = backendFor(server);
    const recorder = new Recorder();
    await backend.connect(tokenFor('alice', { ttlSeconds: 180 }), recorder.emit);
    await recorder.waitFor('tokenAboutToExpire');
    await backend.updateToken(tokenFor('alice', { ttlSeconds: 3600 }));
    expect(await codeOf(backend.updateToken(tokenFor('bob')))).toBe('token_invalid');
    await expect(backend.listChannels()).resolves.toEqual([]);
    expect(recorder.states()).toEqual(['connecting', 'connected']);
  });

  it('on expiry emits tokenExpired, then reconnects with the token given to updateToken', async () => {
    const { server } = await startServer();
    const backend = backendFor(server);
    const recorder = new Recorder();
    // Expires one to two seconds from now (exp has a one-second resolution).
    const shortLived = tokenFor('alice', { ttlSeconds: 180, now: Date.now() - 178_000 });
    await backend.connect(shortLived, recorder.emit);
    await recorder.waitFor('tokenExpired');
    expect(recorder.states()).toEqual(['connecting', 'connected', 'reconnecting']);
    expect(await codeOf(backend.listChannels())).toBe('network');
    await backend.updateToken(tokenFor('alice'));
    expect(recorder.states()).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    await expect(backend.listChannels()).resolves.toEqual([]);
  });
});

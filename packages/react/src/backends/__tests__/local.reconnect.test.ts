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
    // Counted only once the event loop has settled, so that handles still closing (the previous
    // test's, the server's) never count; the server is closed before the client is measured.
    const before = await settledResources();
    const { server, close } = await startServer();
    // A backoff of ~11 days: the attempt never fires during the test, so only shutdown can clear it.
    const never = { initialDelayMs: 1e9, maxDelayMs: 1e9 };
    const backend = localBackend({ url: server.url, WebSocket, reconnect: never });
    const recorder = new Recorder();
    await backend.connect(tokenFor('alice'), recorder.emit);
    await close();
    await recorder.waitFor('connectionStateChanged', (e) => e.state === 'reconnecting');
    // The server is gone: what is left over is the client's, and its backoff timer is there.
    expect((await settledResources()).Timeout ?? 0).toBeGreaterThan(before.Timeout ?? 0);
    await backend.shutdown();
    const seen = recorder.events.length;
    expect(await settledResources()).toEqual(before);
    expect(await codeOf(backend.listChannels())).toBe('not_connected');
    expect(recorder.events.length).toBe(seen);
  });
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

/**
 * Open timers and sockets of this process, by kind, once the event loop has settled: a closed
 * socket's handle goes only in the close phase of a later loop turn, so a few turns are awaited
 * first (every close has been started by then; nothing here waits on a clock).
 */
async function settledResources(): Promise<Record<string, number>> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === 'Timeout' || kind.startsWith('TCP')) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalServer, type LocalServer, type LocalServerOptions } from '@chat/local-server';
import { createAccessToken, devKeys } from '@chat/server';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { type LocalBackendOptions, localBackend } from '../../backends/local.js';
import type { ChatApi, ChatStore, CreateChatStoreOptions } from '../api.js';
import { createChatStore } from '../createChatStore.js';

const quiet = { info() {}, error() {} };
const cleanups: (() => unknown)[] = [];

/** Runs every registered cleanup (stores, servers, temp folders), newest first. */
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Registers something to undo after the test. */
export function onCleanup(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}

/**
 * A token signed with the dev keys, valid an hour, or `expiresInSeconds` (minted in the past, since
 * Twilio's shortest lifetime is 3 minutes).
 */
export function tokenFor(identity: string, expiresInSeconds = 3600): string {
  const ttlSeconds = Math.max(180, expiresInSeconds);
  const now = Date.now() - (ttlSeconds - expiresInSeconds) * 1000;
  return createAccessToken(devKeys, identity, { ttlSeconds, now });
}

/** The real local server on port 0 (in memory unless `dbPath` is given); closed after the test. */
export async function startServer(options: Partial<LocalServerOptions> = {}): Promise<LocalServer> {
  const server = await createLocalServer({
    port: 0,
    dbPath: ':memory:',
    keys: devKeys,
    logger: quiet,
    ...options,
  });
  let closed = false;
  const close = server.close;
  const once = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  server.close = once;
  onCleanup(once);
  return server;
}

/** A temporary SQLite file, so a server can restart with its data (reconnect tests). */
export function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chat-store-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'chat.db');
}

/** A `ws` WebSocket that records the ops it sends: what reached the wire. */
export function recordingWebSocket(ops: string[]): typeof WebSocket {
  return class RecordingWebSocket extends WebSocket {
    override send(data: string): void {
      ops.push(JSON.parse(data).op);
      super.send(data);
    }
  } as typeof WebSocket;
}

/** A store on the local backend for `url`; disconnected after the test. */
export function storeFor(
  url: string,
  options: {
    ops?: string[];
    store?: Partial<CreateChatStoreOptions>;
    backend?: Omit<LocalBackendOptions, 'url' | 'WebSocket'>;
  } = {},
): ChatStore {
  const backend = localBackend({
    url,
    WebSocket: options.ops ? recordingWebSocket(options.ops) : WebSocket,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    ...options.backend,
  });
  const store = createChatStore({ backend, batchMs: 0, ...options.store });
  onCleanup(() => store.getState().disconnect());
  return store;
}

/** A store connected as `identity`. */
export async function connected(
  url: string,
  identity: string,
  options: Parameters<typeof storeFor>[1] = {},
): Promise<ChatStore> {
  const store = storeFor(url, options);
  await store.getState().connect(async () => tokenFor(identity), identity);
  return store;
}

/** Resolves with the state once `predicate` holds (checked now and after every notification). */
export function until(store: ChatStore, predicate: (state: ChatApi) => boolean): Promise<ChatApi> {
  return new Promise((resolve) => {
    if (predicate(store.getState())) return resolve(store.getState());
    const unsubscribe = store.subscribe(() => {
      if (!predicate(store.getState())) return;
      unsubscribe();
      resolve(store.getState());
    });
  });
}

/** The ChatError code a promise rejects with (fails the test when it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  const result = await promise.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (result.ok) throw new Error('expected a rejection, but the promise resolved');
  const error = result.error as { name?: string; code?: string };
  if (error?.name !== 'ChatError') throw new Error(`expected a ChatError, got ${String(result.error)}`);
  return error.code as string;
}

/** An outgoing request frame: `op`, `id` and the request's fields. */
export type Frame = { op: string } & Record<string, unknown>;

/**
 * Decides the fate of each outgoing frame: undefined sends it, a promise holds it until it settles
 * (to put another user's message between two requests without sleeping), 'drop' loses it (a frame
 * lost on a dying link: its request times out).
 */
export interface SendHook {
  current: ((frame: Frame) => Promise<unknown> | 'drop' | undefined) | null;
  /**
   * Incoming frames (replies and events): 'drop' loses one; a promise holds it back until it settles
   * while later frames go through (a reply read before an event, applied after it).
   */
  incoming?: ((frame: Record<string, unknown>) => Promise<unknown> | 'drop' | undefined) | null;
}

/**
 * A `ws` WebSocket whose network can be cut: `offline()` terminates the open sockets and sends new
 * ones to a closed port (connection refused), `online()` lets them through again. Real sockets,
 * real reconnects; only the route is switched. `hook` may hold back or lose outgoing frames.
 */
export function switchableWebSocket(hook: SendHook = { current: null }): {
  WebSocket: typeof WebSocket;
  offline(): void;
  online(): void;
} {
  let down = false;
  const open = new Set<WebSocket>();
  class SwitchableWebSocket extends WebSocket {
    constructor(url: string | URL, ...rest: unknown[]) {
      super(down ? 'ws://127.0.0.1:9/ws' : url, ...(rest as []));
      open.add(this);
      this.once('close', () => open.delete(this));
      // Wraps the handler the backend sets, so that the hook sees every incoming frame first.
      const own = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;
      Object.defineProperty(this, 'onmessage', {
        get: () => own.get!.call(this),
        set: (handler: ((event: { data: unknown }) => void) | null) => {
          own.set!.call(
            this,
            handler &&
              ((event: { data: unknown }) => {
                const verdict = hook.incoming?.(JSON.parse(String(event.data)));
                if (verdict === 'drop') return;
                if (verdict) void verdict.finally(() => handler(event));
                else handler(event);
              }),
          );
        },
      });
    }
    override send(data: string): void {
      const frame = JSON.parse(data) as Frame;
      const verdict = hook.current?.(frame);
      if (verdict === 'drop') return;
      if (!verdict) {
        super.send(data);
        return;
      }
      void verdict.finally(() => {
        if (this.readyState === WebSocket.OPEN) super.send(data);
      });
    }
  }
  return {
    WebSocket: SwitchableWebSocket as typeof WebSocket,
    offline() {
      down = true;
      for (const socket of open) socket.terminate();
    },
    online() {
      down = false;
    },
  };
}

/**
 * A store whose network can be cut and whose frames can be held back or lost (see
 * {@link switchableWebSocket}); fast reconnects and retries, `requestTimeoutMs` per request.
 */
export async function onSwitchableNetwork(
  url: string,
  identity: string,
  requestTimeoutMs = 5000,
  sendAttempts?: number,
) {
  const hook: SendHook = { current: null };
  const net = switchableWebSocket(hook);
  const store = createChatStore({
    backend: localBackend({
      url,
      WebSocket: net.WebSocket,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      requestTimeoutMs,
    }),
    batchMs: 0,
    retry: { baseDelayMs: 50, maxDelayMs: 200 },
    ...(sendAttempts ? { sendAttempts } : {}),
  });
  onCleanup(() => store.getState().disconnect());
  await store.getState().connect(async () => tokenFor(identity), identity);
  return { store, net, hook };
}

/**
 * alice (on a switchable network, `requestTimeoutMs` per request) and bob in `general`, which alice
 * has open with bob's one message `first`.
 */
export async function openRoom(options: { first?: string; requestTimeoutMs?: number } = {}) {
  const server = await startServer();
  const alice = await onSwitchableNetwork(server.url, 'alice', options.requestTimeoutMs);
  const bob = await connected(server.url, 'bob');
  await alice.store.getState().createGroupChannel('general');
  alice.store.getState().setCurrentChannel('general');
  await bob.getState().joinChannel('general');
  await bob.getState().sendMessage('general', options.first ?? 'before the drop');
  await until(alice.store, (s) => s.messages.length === 1);
  return { server, alice, bob };
}

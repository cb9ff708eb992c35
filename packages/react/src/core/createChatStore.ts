import type { ChatMethods, ChatStore, CreateChatStoreOptions } from './api.js';
import { ChatCore } from './ChatCore.js';
import { createChannelActions } from './channelActions.js';
import { createConnection } from './connection.js';
import { ChatError } from './errors.js';
import { createGuards } from './guards.js';
import { createMessageActions } from './messageActions.js';
import { createNotifier } from './notifier.js';
import { createReadHorizon } from './readHorizon.js';
import { createReducers } from './reducers.js';
import { createSleeper, retryPolicy } from './retry.js';
import { createSendQueue } from './sendQueue.js';
import { createSnapshots } from './snapshot.js';

/** Delay before the open channel's read horizon follows new messages (coalesces bursts). */
const READ_DELAY_MS = 50;

/** Every rejection becomes a ChatError, whatever a backend or SDK threw. */
function chatErrors<T extends object>(methods: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, method] of Object.entries(methods) as [string, (...args: unknown[]) => unknown][]) {
    out[key] = (...args: unknown[]) => {
      const result = method(...args);
      return result instanceof Promise
        ? result.catch((error: unknown) => {
            throw ChatError.from(error);
          })
        : result;
    };
  }
  return out as T;
}

/**
 * Creates a headless chat store: the state and actions of the chat, with no React and no backend of
 * its own (`backend` is a value, or a loader called once on the first `connect`).
 *
 * `getState()` is always up to date and returns the same object until something changes.
 * `subscribe(listener)` listeners are batched: called at most once per `batchMs` (default 16 ms)
 * after changes, so a burst of backend events costs a few notifications, not one per event.
 *
 * @example
 * const store = createChatStore({ backend: localBackend({ url, WebSocket }) });
 * await store.getState().connect(getToken, 'alice');
 * store.subscribe(() => console.log(store.getState().totalUnread));
 */
export function createChatStore(options: CreateChatStoreOptions): ChatStore {
  if (!options || (typeof options.backend !== 'function' && typeof options.backend !== 'object')) {
    throw new ChatError(
      'invalid_argument',
      'createChatStore({ backend }) needs a backend (e.g. localBackend({ url })) or a function that loads one.',
    );
  }
  const notifier = createNotifier(options.batchMs ?? 16);
  const core = new ChatCore(notifier);
  const sleeper = createSleeper();
  // The read horizon and the send queue need the connection, which needs the reducers: late-bound.
  let connection: ReturnType<typeof createConnection> | null = null;
  const readHorizon = createReadHorizon(core, () => connection?.backend() ?? null, READ_DELAY_MS);
  const reducers = createReducers(core, readHorizon.soon);
  const queue = createSendQueue(
    core,
    reducers,
    () => connection?.ready() ?? null,
    sleeper,
    options.sendAttempts ?? 5,
  );
  connection = createConnection({
    core,
    input: options.backend,
    policy: retryPolicy(options.retry),
    sleeper,
    reducers,
    onReady: queue.resume,
    onClose() {
      readHorizon.cancel();
      queue.clear();
    },
  });
  const guards = createGuards(core, connection);
  const { connect, disconnect } = connection;

  const methods: ChatMethods = chatErrors({
    connect,
    disconnect: () => disconnect().finally(notifier.flush),
    ...createChannelActions(core, guards, reducers, readHorizon),
    ...createMessageActions(core, guards, queue),
  });
  const snapshots = createSnapshots(core, methods);

  return {
    getState: snapshots.get,
    subscribe: notifier.subscribe,
    getInitialState: () => snapshots.initial,
  };
}

import type { ChatMethods, CreateChatStoreOptions } from './api.js';
import type { ChatCore } from './ChatCore.js';
import { createChannelActions } from './channelActions.js';
import { createConnection } from './connection.js';
import { ChatError } from './errors.js';
import { createGuards } from './guards.js';
import { createMessageActions } from './messageActions.js';
import { createMessageLoader } from './messageLoader.js';
import type { Notifier } from './notifier.js';
import { createReadHorizon } from './readHorizon.js';
import { createResync } from './resync.js';
import { retryPolicy } from './retry.js';
import { createSendQueue } from './sendQueue.js';
import { createStateUpdates, type StateUpdates } from './stateUpdates.js';
import { createSleeper } from './waits.js';

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
 * The store's engine: connection and token lifecycle, backend events, channel and message actions,
 * the send queue and read horizons. `createChatStore` loads it with a dynamic import on the first
 * `connect()` (beside the backend), so an app's main chunk carries only the state, the snapshot and
 * the React binding; before that, every method answers `not_connected` without it.
 */
export function createEngine(
  core: ChatCore,
  notifier: Notifier,
  options: CreateChatStoreOptions,
): ChatMethods {
  const sleeper = createSleeper();
  // The read horizon and the send queue need the connection, which needs the state updates: late-bound.
  let connection: ReturnType<typeof createConnection> | null = null;
  const backend = () => connection?.backend() ?? null;
  const readHorizon = createReadHorizon(core, backend, READ_DELAY_MS);
  const loader = createMessageLoader(core, backend);
  const updates = createStateUpdates(
    core,
    readHorizon.soon,
    () => connection?.loaded()?.typingEndsReliably === true,
    (name) => void loader.fill(name),
  );
  const queue = createSendQueue(
    core,
    updates,
    () => connection?.ready() ?? null,
    sleeper,
    options.sendAttempts ?? 5,
  );
  const policy = retryPolicy(options.retry);
  // A live messageAdded of the message in flight proves its send, even if the reply is then lost.
  const apply: StateUpdates['apply'] = (event) => {
    if (event.type === 'messageAdded') queue.seen(event.message);
    updates.apply(event);
  };
  connection = createConnection({
    core,
    input: options.backend,
    policy,
    sleeper,
    updates: { ...updates, apply },
    onReady: queue.resume,
    onClose() {
      updates.clearTyping();
      readHorizon.cancel();
      loader.cancel();
      queue.clear();
    },
    resync: createResync({ core, updates, loader, policy, sleeper, onReady: queue.resume }),
  });
  const guards = createGuards(core, connection);
  // When typing was last signalled, per channel: throttles setTyping, cleared by a send.
  const lastTyping = new Map<string, number>();
  const { connect, disconnect } = connection;
  return chatErrors({
    connect,
    disconnect: () => disconnect().finally(notifier.flush),
    ...createChannelActions(core, guards, updates, readHorizon, lastTyping, loader),
    ...createMessageActions(core, guards, queue, lastTyping),
  });
}

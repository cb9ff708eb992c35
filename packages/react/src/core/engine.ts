import type { ChatMethods, CreateChatStoreOptions } from './api.js';
import type { BackendEvent } from './backend.js';
import type { ChatCore } from './ChatCore.js';
import { createChannelActions } from './channelActions.js';
import { createConnection } from './connection.js';
import { createEngineContext } from './engineContext.js';
import { ChatError } from './errors.js';
import type { ManageMethods } from './manageActions.js';
import { createMessageActions } from './messageActions.js';
import { createMessageLoader } from './messageLoader.js';
import type { Notifier } from './notifier.js';
import { createReadHorizon } from './readHorizon.js';
import { createResync } from './resync.js';
import { createSendQueue } from './sendQueue.js';
import { createStateUpdates } from './stateUpdates.js';

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
 *
 * The parts are built in dependency order around one context (the state, the session and what reads
 * it, the retry policy, the waits); each takes the context and the parts built before it.
 */
export function createEngine(
  core: ChatCore,
  notifier: Notifier,
  options: CreateChatStoreOptions,
): ChatMethods {
  const ctx = createEngineContext(core, notifier, options);
  const readHorizon = createReadHorizon(ctx);
  const loader = createMessageLoader(ctx);
  const updates = createStateUpdates(ctx, { readHorizon, loader });
  const queue = createSendQueue(ctx, updates);
  const connection = createConnection(ctx, {
    updates: {
      ...updates,
      // A live messageAdded of the message in flight proves its send, even if the reply is then lost.
      apply(event: BackendEvent) {
        if (event.type === 'messageAdded') queue.seen(event.message);
        updates.apply(event);
      },
    },
    resync: createResync(ctx, { updates, loader, onReady: queue.resume }),
    onReady: queue.resume,
    onClose() {
      updates.clearTyping();
      readHorizon.cancel();
      loader.cancel();
      queue.clear();
    },
  });
  // The five management actions come in their own chunk, loaded on first use: a chat screen that
  // never edits, deletes or manages members never downloads them.
  let loading: Promise<ManageMethods> | null = null;
  const manage = (): Promise<ManageMethods> =>
    (loading ??= import('./manageActions.js').then(
      (module) => module.createManageActions(ctx, updates),
      (error: unknown) => {
        loading = null; // a chunk that failed to load may load on the next try
        throw ChatError.from(error, 'network');
      },
    ));
  // A method of ChatMethods missing here (or typed otherwise) is a compile error: the return type checks it.
  return chatErrors({
    connect: connection.connect,
    disconnect: () => connection.disconnect().finally(notifier.flush),
    ...createChannelActions(ctx, { updates, readHorizon, loader }),
    ...createMessageActions(ctx, queue),
    addMember: (name, identity) => manage().then((m) => m.addMember(name, identity)),
    removeMember: (name, identity) => manage().then((m) => m.removeMember(name, identity)),
    updateChannel: (name, changes) => manage().then((m) => m.updateChannel(name, changes)),
    editMessage: (id, body) => manage().then((m) => m.editMessage(id, body)),
    deleteMessage: (id) => manage().then((m) => m.deleteMessage(id)),
  });
}

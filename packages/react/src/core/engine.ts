import type { ChatMethods, CreateChatStoreOptions } from './api.js';
import type { BackendEvent } from './backend.js';
import type { ChatCore } from './ChatCore.js';
import { createChannelActions } from './channelActions.js';
import { createConnection } from './connection.js';
import { createEngineContext } from './engineContext.js';
import { ChatError } from './errors.js';
import { loadOnce } from './loadOnce.js';
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
  const channels = createChannelActions(ctx, { readHorizon, loader });
  // Creating, joining, leaving and managing channels and fixing messages come in their own chunk,
  // loaded on first use: what a chat screen needs to show and send channels it is in comes first.
  const manage = loadOnce(
    () =>
      import('./manageActions.js').then((m) =>
        m.createManageActions(ctx, { updates, setCurrentChannel: channels.setCurrentChannel }),
      ),
    'network',
  );
  /** A management method that loads its chunk, then runs. */
  const later = <K extends keyof ManageMethods>(key: K): ManageMethods[K] =>
    ((...args: unknown[]) =>
      manage().then((methods) =>
        (methods[key] as (...a: unknown[]) => unknown)(...args),
      )) as ManageMethods[K];
  // A method of ChatMethods missing here (or typed otherwise) is a compile error: the return type checks it.
  return chatErrors({
    connect: connection.connect,
    disconnect: () => connection.disconnect().finally(notifier.flush),
    ...channels,
    ...createMessageActions(ctx, queue),
    createGroupChannel: later('createGroupChannel'),
    createPrivateChannel: later('createPrivateChannel'),
    joinChannel: later('joinChannel'),
    leaveChannel: later('leaveChannel'),
    addMember: later('addMember'),
    removeMember: later('removeMember'),
    updateChannel: later('updateChannel'),
    editMessage: later('editMessage'),
    deleteMessage: later('deleteMessage'),
  });
}

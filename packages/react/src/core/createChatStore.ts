import type { ChatMethods, ChatStore, CreateChatStoreOptions } from './api.js';
import { ChatCore } from './ChatCore.js';
import { ChatError } from './errors.js';
import { loadOnce } from './loadOnce.js';
import { createNotifier } from './notifier.js';
import { createSnapshots } from './snapshot.js';

const notConnected = (): ChatError =>
  new ChatError(
    'not_connected',
    process.env.NODE_ENV !== 'production'
      ? 'Not connected: call connect(getToken, user) first and wait for it to resolve.'
      : '',
  );

/**
 * Creates a headless chat store: the state and actions of the chat, with no React and no backend of
 * its own (`backend` is a value, or a loader called once on the first `connect`).
 *
 * `getState()` is always up to date and returns the same object until something changes.
 * `subscribe(listener)` listeners are batched: called at most once per `batchMs` (default 16 ms)
 * after changes, so a burst of backend events costs a few notifications, not one per event.
 *
 * The engine (connection, tokens, actions, send queue) is loaded with the backend on the first
 * `connect()`; before that every method rejects (or throws) `not_connected`.
 *
 * @example
 * const store = createChatStore({ backend: localBackend({ url, WebSocket }) });
 * await store.getState().connect(getToken, 'alice');
 * store.subscribe(() => console.log(store.getState().totalUnread));
 */
export function createChatStore(options: CreateChatStoreOptions): ChatStore {
  if (!options?.backend || !/^[fo]/.test(typeof options.backend)) {
    throw new ChatError(
      'invalid_argument',
      process.env.NODE_ENV !== 'production'
        ? 'createChatStore({ backend }) needs a backend (e.g. localBackend({ url })) or a function that loads one.'
        : '',
    );
  }
  const notifier = createNotifier(options.batchMs ?? 16);
  const core = new ChatCore(notifier);
  let engine: ChatMethods | null = null;
  const load = loadOnce(
    () => import('./engine.js').then((module) => (engine = module.createEngine(core, notifier, options))),
    'network',
  );

  // Each method runs on the engine; before it is loaded, only connect (which loads it) does anything.
  // One literal typed ChatMethods: a method of the interface missing here does not compile.
  const rejected = (): Promise<never> => Promise.reject(notConnected());
  const loaded = (): ChatMethods => {
    if (!engine) throw notConnected();
    return engine;
  };
  const methods: ChatMethods = {
    connect: (getToken, user) => load().then((e) => e.connect(getToken, user)),
    disconnect: () => engine?.disconnect() ?? Promise.resolve(),
    createGroupChannel: (name, description) => engine?.createGroupChannel(name, description) ?? rejected(),
    createPrivateChannel: (peer, description) =>
      engine?.createPrivateChannel(peer, description) ?? rejected(),
    joinChannel: (name) => engine?.joinChannel(name) ?? rejected(),
    setCurrentChannel: (name) => loaded().setCurrentChannel(name),
    leaveChannel: (name) => engine?.leaveChannel(name) ?? rejected(),
    getMessages: (name, pageSize, anchor) => engine?.getMessages(name, pageSize, anchor) ?? rejected(),
    sendMessage: (name, message) => engine?.sendMessage(name, message) ?? rejected(),
    retryMessage: (id) => engine?.retryMessage(id) ?? rejected(),
    markRead: (name) => engine?.markRead(name) ?? rejected(),
    setTyping: (name) => loaded().setTyping(name),
    addMember: (name, identity) => engine?.addMember(name, identity) ?? rejected(),
    removeMember: (name, identity) => engine?.removeMember(name, identity) ?? rejected(),
    updateChannel: (name, changes) => engine?.updateChannel(name, changes) ?? rejected(),
    editMessage: (id, body) => engine?.editMessage(id, body) ?? rejected(),
    deleteMessage: (id) => engine?.deleteMessage(id) ?? rejected(),
  };

  const snapshots = createSnapshots(core, methods);
  return {
    getState: snapshots.get,
    subscribe: notifier.subscribe,
    getInitialState: () => snapshots.initial,
  };
}

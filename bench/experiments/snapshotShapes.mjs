#!/usr/bin/env node
// Why a @chat/react snapshot costs tens of µs: builds objects shaped like the store's public state
// object (packages/react/src/core/snapshot.ts + apiObject.ts) in several ways and times each.
// Evidence for the note in BENCHMARKS.md; run: node bench/experiments/snapshotShapes.mjs
const names = [
  'connect',
  'disconnect',
  'createGroupChannel',
  'createPrivateChannel',
  'joinChannel',
  'setCurrentChannel',
  'leaveChannel',
  'getMessages',
  'sendMessage',
  'retryMessage',
  'markRead',
  'setTyping',
];
// The store's methods object is built key by key from Object.entries (createChatStore's chatErrors).
const methods = {};
for (const name of names) methods[name] = () => name;
const m = methods;

const lazy = (read) => {
  let done = false;
  let value;
  return {
    enumerable: true,
    get: () => {
      if (!done) {
        value = read();
        done = true;
      }
      return value;
    },
  };
};
const state = (i) => ({
  user: 'me',
  connectionState: 'connected',
  error: null,
  currentChannel: null,
  messages: [],
  totalUnread: i,
});

const shapes = {
  'store today: spread + 6 fields + defineProperties (4 lazy) + 4 aliases': (i) => {
    const api = Object.defineProperties(
      { ...methods, ...state(i) },
      {
        channels: lazy(() => ({})),
        privateChannels: lazy(() => []),
        groupChannels: lazy(() => []),
        typing: lazy(() => ({})),
      },
    );
    return Object.defineProperties(api, {
      createPrivatChannel: { value: m.createPrivateChannel, enumerable: true },
      getMessage: { value: m.getMessages, enumerable: true },
      currentChanel: { get: () => api.currentChannel, enumerable: true },
      privatChannels: { get: () => api.privateChannels, enumerable: true },
    });
  },
  'spread + 6 fields only': (i) => {
    const s = state(i);
    return {
      ...methods,
      user: s.user,
      connectionState: s.connectionState,
      error: s.error,
      currentChannel: s.currentChannel,
      messages: s.messages,
      totalUnread: s.totalUnread,
    };
  },
  'Object.assign({}, methods) + 6 fields': (i) => Object.assign(Object.assign({}, methods), state(i)),
  'defineProperties with fresh getters on a plain literal': (i) =>
    Object.defineProperties(state(i), {
      channels: lazy(() => ({})),
      privateChannels: lazy(() => []),
      groupChannels: lazy(() => []),
      typing: lazy(() => ({})),
    }),
  'one literal naming every key, getters in the literal': (i) => ({
    connect: m.connect,
    disconnect: m.disconnect,
    createGroupChannel: m.createGroupChannel,
    createPrivateChannel: m.createPrivateChannel,
    joinChannel: m.joinChannel,
    setCurrentChannel: m.setCurrentChannel,
    leaveChannel: m.leaveChannel,
    getMessages: m.getMessages,
    sendMessage: m.sendMessage,
    retryMessage: m.retryMessage,
    markRead: m.markRead,
    setTyping: m.setTyping,
    user: 'me',
    connectionState: 'connected',
    error: null,
    currentChannel: null,
    messages: [],
    totalUnread: i,
    cache: { channels: undefined },
    get channels() {
      this.cache.channels ??= {};
      return this.cache.channels;
    },
    get privateChannels() {
      return [];
    },
    get groupChannels() {
      return [];
    },
    get typing() {
      return {};
    },
    createPrivatChannel: m.createPrivateChannel,
    getMessage: m.getMessages,
    get currentChanel() {
      return this.currentChannel;
    },
    get privatChannels() {
      return this.privateChannels;
    },
  }),
};
class Snapshot {
  #channels;
  constructor(i) {
    for (const name of names) this[name] = m[name];
    Object.assign(this, state(i));
    this.createPrivatChannel = m.createPrivateChannel;
    this.getMessage = m.getMessages;
  }
  get channels() {
    this.#channels ??= {};
    return this.#channels;
  }
  get currentChanel() {
    return this.currentChannel;
  }
}
shapes['class instance, lazy fields and aliases as prototype getters'] = (i) => new Snapshot(i);

const N = 50_000;
for (const [name, build] of Object.entries(shapes)) {
  for (let i = 0; i < 1000; i++) build(i);
  const start = process.cpuUsage();
  let keep;
  for (let i = 0; i < N; i++) keep = build(i);
  const used = process.cpuUsage(start);
  if (!keep) throw new Error('unreachable');
  console.log(`${(((used.user + used.system) / N).toFixed(2)).padStart(7)} µs CPU  ${name}`);
}

// An in-bench ChatBackend: the store's public input path (the events a real backend emits), with
// generated data instead of a server, so the benchmark measures the store and React, not a network.
// It implements every operation of packages/react/src/core/backend.ts that the scenarios reach.

const BASE_TIME = Date.UTC(2026, 0, 1);

/** Unique name of the i-th channel (zero-padded so that name order is index order). */
export const channelName = (i) => `group-${String(i).padStart(5, '0')}`;

/** A stored message as a backend reports it. */
export function backendMessage(channel, index, author = 'peer') {
  return {
    sid: `IM-${channel}-${index}`,
    index,
    channel,
    clientId: null,
    author,
    body: `Message number ${index} in ${channel}`,
    media: null,
    dateCreated: new Date(BASE_TIME + index * 1000),
  };
}

const notSupported = (what) => Promise.reject(new Error(`benchBackend: ${what} is not part of the scenario`));

/**
 * `channels` group channels, each with `messagesPerChannel` stored messages (indexes 0…n-1), all read.
 * `deliver(name)` pushes the next message of a channel as a `messageAdded` event, like a server would.
 */
export function createBenchBackend({ channels, messagesPerChannel, identity = 'me' }) {
  const names = Array.from({ length: channels }, (_, i) => channelName(i));
  const newest = new Map(names.map((name) => [name, messagesPerChannel - 1]));
  let emit = null;

  const channel = (name) => {
    const last = newest.get(name);
    return {
      sid: `CH-${name}`,
      name,
      type: 'group',
      friendlyName: name,
      description: '',
      members: [identity, 'peer'],
      lastMessage: last >= 0 ? backendMessage(name, last) : null,
      lastReadIndex: last,
      unreadCount: 0,
    };
  };

  const backend = {
    kind: 'bench',
    async connect(_token, onEvent) {
      emit = onEvent;
      return { identity };
    },
    async updateToken() {},
    async shutdown() {
      emit = null;
    },
    async listChannels() {
      return names.map(channel);
    },
    async getChannel(name) {
      return newest.has(name) ? channel(name) : null;
    },
    createChannel: () => notSupported('createChannel'),
    joinChannel: async (name) => channel(name),
    leaveChannel: () => notSupported('leaveChannel'),
    addMember: () => notSupported('addMember'),
    sendMessage: () => notSupported('sendMessage'),
    async getMessages(name, { pageSize, anchor }) {
      const top = Math.min(anchor ?? Number.POSITIVE_INFINITY, newest.get(name) ?? -1);
      const from = Math.max(0, top - pageSize + 1);
      const messages = [];
      for (let i = from; i <= top; i++) messages.push(backendMessage(name, i));
      return { messages, hasOlder: from > 0 };
    },
    async getMessagesAfter(name, index) {
      const messages = [];
      for (let i = index + 1; i <= (newest.get(name) ?? -1); i++) messages.push(backendMessage(name, i));
      return messages;
    },
    async setReadHorizon() {
      return { unreadCount: 0 };
    },
    typing() {},
  };

  return {
    backend,
    names,
    /** The next message of channel `name`, as an event (not emitted): for timing the store alone. */
    nextEvent(name) {
      const index = newest.get(name) + 1;
      newest.set(name, index);
      return { type: 'messageAdded', message: backendMessage(name, index) };
    },
    /** Emits an event through the callback the store gave to `connect`. */
    emit(event) {
      if (!emit) throw new Error('benchBackend: not connected');
      emit(event);
    },
    /** Pushes the next message of channel `name`; returns it. */
    deliver(name) {
      const event = this.nextEvent(name);
      this.emit(event);
      return event.message;
    },
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so both stores get the same channel sequence. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

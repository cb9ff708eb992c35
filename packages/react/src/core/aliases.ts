import type { ChatApi, ChatMethods, ChatState } from './api.js';

/** The fields of a state known when its snapshot is taken (each O(1) to get). */
export type EagerState = Omit<ChatState, ListKey>;

/** The channel lists: O(channels) to build, so built on first read. */
export type ListKey = 'privateChannels' | 'groupChannels';

/** Where a snapshot's lists come from (one per snapshot). */
export interface LazyLists {
  list<K extends ListKey>(key: K): ChatState[K];
}

/**
 * Builds one public API object (a snapshot): every method and field named in a single object literal,
 * as data properties except the two channel lists, which are getters asking `lists` (built on first
 * read). A plain literal costs well under 1 µs; each getter in it ~0.5 µs, and spreading the methods,
 * adding fields and `Object.defineProperties` cost ~25 µs (bench/notes.md). Getters in a literal are
 * own and enumerable, so `chatConnect`'s `{ ...chat }` carries every name.
 *
 * The seed's misspelled names (`createPrivatChannel`, `getMessage`, `currentChanel`, `privatChannels`)
 * are defined here and nowhere else: each is an alias of the correctly spelled name (`privatChannels`
 * a getter, so it is built only when read and can never disagree with `privateChannels`).
 */
export function apiObject(m: ChatMethods, s: EagerState, lists: LazyLists): ChatApi {
  return {
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
    user: s.user,
    connectionState: s.connectionState,
    error: s.error,
    currentChannel: s.currentChannel,
    messages: s.messages,
    totalUnread: s.totalUnread,
    channels: s.channels,
    get privateChannels() {
      return lists.list('privateChannels');
    },
    get groupChannels() {
      return lists.list('groupChannels');
    },
    typing: s.typing,
    createPrivatChannel: m.createPrivateChannel,
    getMessage: m.getMessages,
    currentChanel: s.currentChannel,
    get privatChannels() {
      return this.privateChannels;
    },
  };
}

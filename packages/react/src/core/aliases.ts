import type { ChatApi, ChatMethods, ChatState } from './api.js';

/** The fields of a state that are plain values (known when the snapshot is taken). */
export type EagerState = Pick<
  ChatState,
  'user' | 'connectionState' | 'error' | 'currentChannel' | 'messages' | 'totalUnread'
>;

/** The fields of a state built on first read (O(channels) or more): `read` returns them. */
export type LazyKey = 'channels' | 'privateChannels' | 'groupChannels' | 'typing';
export type LazyState = Pick<ChatState, LazyKey>;

/**
 * Builds one public API object (a snapshot): every method and field named in a single object literal,
 * the lazy fields as getters written in it. A literal costs ~2 µs per snapshot, where spreading the
 * methods and then adding fields and `Object.defineProperties` cost ~25 µs (bench/notes.md); getters
 * in a literal are own and enumerable, so `chatConnect`'s `{ ...chat }` carries every name.
 *
 * The seed's misspelled names (`createPrivatChannel`, `getMessage`, `currentChanel`, `privatChannels`)
 * are defined here and nowhere else: each is an alias of the correctly spelled name, the state ones
 * getters, so they can never disagree with the names they alias.
 */
export function apiObject(
  m: ChatMethods,
  s: EagerState,
  read: <K extends LazyKey>(key: K) => LazyState[K],
): ChatApi {
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
    get channels() {
      return read('channels');
    },
    get privateChannels() {
      return read('privateChannels');
    },
    get groupChannels() {
      return read('groupChannels');
    },
    get typing() {
      return read('typing');
    },
    createPrivatChannel: m.createPrivateChannel,
    getMessage: m.getMessages,
    get currentChanel() {
      return this.currentChannel;
    },
    get privatChannels() {
      return this.privateChannels;
    },
  };
}

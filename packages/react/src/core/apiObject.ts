import type { ChatApi, ChatMethods, ChatState } from './api.js';
import type { Channel } from './types.js';

/** The names a snapshot reads through getters: the channel lists, built only when read. */
type ListName = 'privateChannels' | 'groupChannels' | 'privatChannels';

/** The fields of a state known when its snapshot is taken (each O(1) to get). */
export type EagerState = Omit<ChatState, ListName>;

/** Builds a channel list of the state whose `channels` is given: O(channels), so only when read. */
export type ListOf = (channels: ChatState['channels'], type: 'private' | 'group') => Channel[];

/** The shared descriptors of the list getters, one per name. */
export type ListAccessors = Record<ListName, PropertyDescriptor>;

/**
 * The getters of the channel lists (and their seed alias), shared by every snapshot of a store: they
 * find their state through `this.channels`, so a snapshot needs no closure and no hidden field.
 */
export function listAccessors(list: ListOf): ListAccessors {
  return {
    privateChannels: {
      enumerable: true,
      get(this: ChatApi) {
        return list(this.channels, 'private');
      },
    },
    groupChannels: {
      enumerable: true,
      get(this: ChatApi) {
        return list(this.channels, 'group');
      },
    },
    privatChannels: {
      enumerable: true,
      get(this: ChatApi) {
        return this.privateChannels;
      },
    },
  };
}

/**
 * Builds one public API object (a snapshot): every method and field named in a single object literal
 * of data properties, then the list getters (`listAccessors`, shared) defined on it. That costs
 * ~0.7 µs, where each getter written in a literal costs ~0.5 µs (V8 creates its closure and leaves the
 * literal fast path) and spreading the methods then `Object.defineProperties` with fresh closures
 * ~25 µs (bench/notes.md). Every property is own and enumerable, so `chatConnect`'s `{ ...chat }`
 * carries every name.
 *
 * The original description's misspelled names (`MisspelledAliases`: `createPrivatChannel`,
 * `getMessage`, `currentChanel`, `privatChannels`) are defined here and nowhere else: each is an
 * alias of the correctly spelled name (`privatChannels` a getter, so it is built only when read and
 * can never disagree with `privateChannels`).
 *
 * The literal `satisfies` every name of the API but the getters', so a method or field added to
 * `ChatMethods`, `ChatState` or the aliases and not named here does not compile; the getters, one
 * per `ListName`, complete it.
 */
export function apiObject(m: ChatMethods, s: EagerState, lists: ListAccessors): ChatApi {
  const api = {
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
    addMember: m.addMember,
    removeMember: m.removeMember,
    updateChannel: m.updateChannel,
    editMessage: m.editMessage,
    deleteMessage: m.deleteMessage,
    user: s.user,
    connectionState: s.connectionState,
    error: s.error,
    channels: s.channels,
    currentChannel: s.currentChannel,
    messages: s.messages,
    totalUnread: s.totalUnread,
    typing: s.typing,
    createPrivatChannel: m.createPrivateChannel,
    getMessage: m.getMessages,
    currentChanel: s.currentChannel,
  } satisfies Omit<ChatApi, ListName>;
  // Three defineProperty calls cost ~0.35 µs where one defineProperties (which reads a descriptor map) costs ~0.6 µs.
  Object.defineProperty(api, 'privateChannels', lists.privateChannels);
  Object.defineProperty(api, 'groupChannels', lists.groupChannels);
  Object.defineProperty(api, 'privatChannels', lists.privatChannels);
  // Every ListName now has its getter (ListAccessors has one per name): the literal is the whole API.
  return api as ChatApi;
}

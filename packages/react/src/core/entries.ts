import type { BackendChannel, BackendMessage } from './backend.js';
import { type ChannelEntry, EMPTY } from './ChatCore.js';
import type { Channel, Message } from './types.js';

/**
 * A stored message as the UI sees it; `id` is the client id when there is one, so it never changes.
 * A sent message cannot change today, so the same `sid` keeps the previous object (and selectors see
 * no change): a field that can change after sending (an edit) must be compared here too.
 */
export function toMessage(message: BackendMessage, previous?: Message): Message {
  if (previous?.sid === message.sid && previous.status === 'sent') return previous;
  return {
    id: previous?.id ?? message.clientId ?? message.sid,
    sid: message.sid,
    index: message.index,
    channel: message.channel,
    author: message.author,
    body: message.body,
    media: message.media,
    dateCreated: message.dateCreated,
    status: 'sent',
    error: null,
  };
}

/** Returns `next` unless it equals `prev` field by field, so unchanged channels keep their identity. */
export function keepChannel(prev: Channel | undefined, next: Channel): Channel {
  if (!prev) return next;
  for (const key in next) {
    const a = prev[key as keyof Channel];
    const b = next[key as keyof Channel];
    if (a !== b && !(Array.isArray(a) && Array.isArray(b) && a.join('\n') === b.join('\n'))) return next;
  }
  return prev;
}

/**
 * Builds the entry of a channel the backend reported, keeping what the store knows beyond the
 * backend's view (loaded messages, the open channel's zero unread count).
 */
export function entryFromBackend(
  channel: BackendChannel,
  prev: ChannelEntry | undefined,
  isCurrent: boolean,
  now = 0,
): ChannelEntry {
  const prevLast = prev?.channel.lastMessage ?? undefined;
  const last = channel.lastMessage;
  const lastMessage = last ? toMessage(last, prevLast?.sid === last.sid ? prevLast : undefined) : null;
  const newestIndex = Math.max(last?.index ?? -1, prev?.newestIndex ?? -1);
  const unread = isCurrent ? 0 : (channel.unreadCount ?? 0);
  const next: Channel = {
    name: channel.name,
    sid: channel.sid,
    type: channel.type,
    friendlyName: channel.friendlyName,
    description: channel.description,
    members: channel.members,
    unreadCount: unread,
    lastMessage: lastMessage ?? prev?.channel.lastMessage ?? null,
    // Until its newest page is loaded, a channel with messages has history to load.
    hasOlderMessages: prev?.loaded ? prev.channel.hasOlderMessages : newestIndex >= 0,
  };
  return {
    channel: keepChannel(prev?.channel, next),
    messages: prev?.messages ?? EMPTY,
    loaded: prev?.loaded ?? false,
    lastReadIndex: channel.lastReadIndex,
    newestIndex: newestIndex < 0 ? null : newestIndex,
    activity: Math.max(prev?.activity ?? now, last ? last.dateCreated.getTime() : 0),
  };
}

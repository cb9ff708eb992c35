import type { BackendChannel, BackendMessage } from './backend.js';
import { type ChannelEntry, EMPTY } from './ChatCore.js';
import type { Channel, Message } from './types.js';

/**
 * A stored message as the UI sees it; `id` is the client id when there is one, so it never changes.
 * The same `sid` with the same body and edit time keeps the previous object (and selectors see no
 * change): only a newer edit makes a new one.
 */
export function toMessage(message: BackendMessage, previous?: Message): Message {
  const editedAt = message.editedAt ?? null;
  const was = previous?.editedAt?.getTime() ?? 0;
  const now = editedAt?.getTime() ?? 0;
  // An older version (a reply read before the edit's event) never replaces a newer one.
  if (
    previous?.sid === message.sid &&
    previous.status === 'sent' &&
    (was > now || (was === now && previous.body === message.body))
  ) {
    return previous;
  }
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
    editedAt,
  };
}

/**
 * `message` as the newest change known makes it (`ChatCore.recentChanges`): null when deleted since, the
 * edit when edited since, else itself.
 */
export function latest(
  changed: ReadonlyMap<string, BackendMessage | null>,
  message: BackendMessage,
): BackendMessage | null {
  const known = changed.get(message.sid);
  if (known === undefined) return message;
  return known && (known.editedAt?.getTime() ?? 0) < (message.editedAt?.getTime() ?? 0) ? message : known;
}

/** Whether two horizon records hold the same identities at the same indexes. */
const sameHorizons = (a: Channel['lastReadIndexes'], b: Channel['lastReadIndexes']): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
};

/** Returns `next` unless it equals `prev` field by field, so unchanged channels keep their identity. */
export function keepChannel(prev: Channel | undefined, next: Channel): Channel {
  if (!prev) return next;
  for (const key in next) {
    const a = prev[key as keyof Channel];
    const b = next[key as keyof Channel];
    if (
      a !== b &&
      !(Array.isArray(a) && Array.isArray(b) && a.join('\n') === b.join('\n')) &&
      !(
        key === 'lastReadIndexes' &&
        sameHorizons(a as Channel['lastReadIndexes'], b as Channel['lastReadIndexes'])
      )
    ) {
      return next;
    }
  }
  return prev;
}

/** `channel` with `identity`'s read horizon at `index` (the same object when it is there already). */
export function withHorizon(channel: Channel, identity: string, index: number | null): Channel {
  if (channel.lastReadIndexes[identity] === index) return channel;
  return { ...channel, lastReadIndexes: { ...channel.lastReadIndexes, [identity]: index } };
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
  changed: ReadonlyMap<string, BackendMessage | null> = new Map(),
): ChannelEntry {
  const prevLast = prev?.channel.lastMessage ?? null;
  const listed = channel.lastMessage;
  // A last message deleted since the backend read it: what the deletion left stays.
  const last = listed && latest(changed, listed);
  const lastMessage = last
    ? toMessage(last, prevLast?.sid === last.sid ? prevLast : undefined)
    : listed
      ? prevLast
      : null;
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
    // The backend's: null when every message was deleted.
    lastMessage,
    // Until its newest page is loaded, a channel with messages has history to load.
    hasOlderMessages: prev?.loaded ? prev.channel.hasOlderMessages : newestIndex >= 0,
    createdBy: channel.createdBy ?? prev?.channel.createdBy ?? '',
    lastReadIndexes: channel.lastReadIndexes ?? prev?.channel.lastReadIndexes ?? {},
  };
  return {
    channel: keepChannel(prev?.channel, next),
    messages: prev?.messages ?? EMPTY,
    loaded: prev?.loaded ?? false,
    lastReadIndex: channel.lastReadIndex,
    newestIndex: newestIndex < 0 ? null : newestIndex,
    activity: Math.max(prev?.activity ?? now, last ? last.dateCreated.getTime() : 0),
    version: channel.version ?? null,
  };
}

import type { BackendChannel, BackendEvent, BackendMessage } from './backend.js';
import type { ChannelEntry } from './ChatCore.js';
import type { EngineContext } from './engineContext.js';
import { entryFromBackend, toMessage, withHorizon } from './entries.js';
import type { MessageLoader } from './messageLoader.js';
import { mergeMessages } from './messages.js';
import type { ReadHorizon } from './readHorizon.js';
import { placeMessage, runBounds, unloaded } from './runs.js';
import type { Channel, Message } from './types.js';

/** How long a typing indicator lasts without a renewing `typingStarted` (backends that repeat it). */
const TYPING_EXPIRY_MS = 6000;

/** What backend data does to the store: see {@link createStateUpdates}. */
export interface StateUpdates {
  /**
   * Adds or updates a channel the backend reported; returns its entry. A channel new to the store
   * counts as active now (it was just created, joined or added), unless `listed` (the initial list).
   */
  upsertChannel(channel: BackendChannel, listed?: boolean): ChannelEntry;
  /** Takes a full channel list (after connect or a reconnect): upserts all, drops the ones not listed. */
  replaceChannels(channels: BackendChannel[]): void;
  /**
   * A stored message (event, send ack): appended to the run when it is the next one, merged without
   * duplicates; beyond the next one, the open channel fetches the gap and a closed one unloads.
   * `version`: the channel's after it, when the event says.
   */
  messageAdded(message: BackendMessage, version?: string): void;
  /**
   * A message deleted (event, or the user's own `deleteMessage`): out of the list, `lastMessage` and
   * the unread count. `lastMessage` is the channel's newest message now; undefined when unknown (the
   * newest stored message left is taken).
   */
  messageRemoved(
    channel: string,
    index: number,
    sid: string,
    author: string,
    lastMessage?: BackendMessage | null,
    version?: string,
  ): void;
  /** Every event except connection and token events, which the connection handles. */
  apply(event: BackendEvent): void;
  /** Clears every typing indicator and its expiry (the connection dropped or closed). */
  clearTyping(): void;
}

/** The parts built before the state updates that they drive. */
export interface StateUpdateParts {
  /** The open channel's horizon follows its newest message (coalesced, so a burst sends one frame). */
  readHorizon: Pick<ReadHorizon, 'soon'>;
  /** The open channel fetches what a gap left out. */
  loader: Pick<MessageLoader, 'fill'>;
}

/**
 * `channel` with a new last message, history flag, unread count and horizons (the message path's
 * change), as one literal: every channel the path builds has one shape.
 */
const withLast = (
  channel: Channel,
  lastMessage: Message | null,
  hasOlderMessages: boolean,
  unreadCount: number,
  lastReadIndexes: Channel['lastReadIndexes'],
): Channel => ({
  name: channel.name,
  sid: channel.sid,
  type: channel.type,
  friendlyName: channel.friendlyName,
  description: channel.description,
  members: channel.members,
  unreadCount,
  lastMessage,
  hasOlderMessages,
  createdBy: channel.createdBy,
  lastReadIndexes,
});

/**
 * Backend events become store changes here. Each handler touches one channel's entry (O(1) in the
 * number of channels). Unread counts come from the backend (`unreadCount`, `readHorizonChanged`);
 * between those, each new message above the read horizon not written by this user adds one — never
 * index arithmetic, because Twilio indexes may have gaps. The open channel stays at 0 and its horizon
 * follows the newest message through `readHorizon.soon`.
 *
 * A typing indicator never outlives the typing: on a backend that repeats `typingStarted` while
 * someone types (Twilio), each one (re-)arms a timer per channel and identity that ends the
 * indicator after `TYPING_EXPIRY_MS` of silence, as Twilio's SDKs do on their own; otherwise a
 * `typingEnded` lost with a dropped connection or a restarted server would leave it on screen.
 */
export function createStateUpdates(
  { core, loaded }: EngineContext,
  { readHorizon, loader }: StateUpdateParts,
): StateUpdates {
  // Per `${channel}\n${identity}`: the timer that ends an indicator no typingStarted renewed.
  const expiries = new Map<string, ReturnType<typeof setTimeout>>();
  const upsertChannel = (channel: BackendChannel, listed = false): ChannelEntry => {
    const prev = core.entries.get(channel.name);
    const isCurrent = core.current === channel.name;
    const entry = entryFromBackend(
      channel,
      prev,
      isCurrent,
      prev || listed ? 0 : Date.now(),
      core.recentChanges,
    );
    core.setEntry(channel.name, entry);
    // A backend without a horizon (Twilio before the first read) counts nothing: set one.
    if (entry.lastReadIndex === null || (isCurrent && (entry.newestIndex ?? -1) > entry.lastReadIndex)) {
      readHorizon.soon(channel.name);
    }
    return entry;
  };

  const messageAdded = (message: BackendMessage, version?: string): void => {
    const entry = core.entries.get(message.channel);
    if (!entry) return;
    const isNew = entry.newestIndex === null || message.index > entry.newestIndex;
    const isCurrent = core.current === message.channel;
    const { messages, stored, gap } = placeMessage(entry, message, isCurrent);
    const mine = message.author === core.user;
    const counts = isNew && !mine && !isCurrent && message.index > (entry.lastReadIndex ?? -1);
    const lastMessage = isNew ? (stored ?? toMessage(message)) : entry.channel.lastMessage;
    // A channel not loaded has messages to load once it has any; a closed channel's run may be cut.
    const cut = entry.loaded && (messages[0]?.index ?? null) !== (entry.messages[0]?.index ?? null);
    const hasOlderMessages = entry.channel.hasOlderMessages || !entry.loaded || cut;
    // Its author has read it (and what came before), and so has this user in the open channel,
    // whose horizon follows: the backend's readHorizonChanged then changes nothing (one render).
    const before = entry.channel.lastReadIndexes;
    const me = core.user as string;
    const authorReads = (before[message.author] ?? -1) < message.index;
    const iRead = isCurrent && !mine && (before[me] ?? -1) < message.index;
    let horizons = before;
    if (authorReads || iRead) {
      horizons = { ...before };
      if (authorReads) horizons[message.author] = message.index;
      if (iRead) horizons[me] = message.index;
    }
    const channel =
      counts ||
      lastMessage !== entry.channel.lastMessage ||
      hasOlderMessages !== entry.channel.hasOlderMessages ||
      horizons !== before
        ? withLast(
            entry.channel,
            lastMessage,
            hasOlderMessages,
            entry.channel.unreadCount + (counts ? 1 : 0),
            horizons,
          )
        : entry.channel;
    // Literals, not spreads: every event's entry and channel get one shape, built from a boilerplate.
    const next: ChannelEntry = {
      channel,
      messages,
      loaded: entry.loaded,
      lastReadIndex: entry.lastReadIndex,
      newestIndex: isNew ? message.index : entry.newestIndex,
      activity: isNew ? Math.max(entry.activity, message.dateCreated.getTime()) : entry.activity,
      version: version ?? entry.version,
    };
    // A gap: the open channel fetches what is missing; a closed one is simply not loaded any more.
    core.setEntry(message.channel, gap && !isCurrent ? unloaded(next) : next);
    if (gap && isCurrent) void loader.fill(message.channel);
    if (isNew && isCurrent && !mine) readHorizon.soon(message.channel);
  };

  /** An edited message: replaced where the run holds it, and as `lastMessage` when it is that. */
  const messageUpdated = (message: BackendMessage, version?: string): void => {
    core.remember(message.sid, message);
    core.updateEntry(message.channel, (entry) => {
      const { lo, hi } = runBounds(entry);
      const held = entry.loaded && message.index >= lo && message.index <= hi;
      const { list, merged } = held
        ? mergeMessages(entry.messages, [message])
        : { list: entry.messages, merged: [] as Message[] };
      const last = entry.channel.lastMessage;
      const lastMessage = last?.sid === message.sid ? (merged[0] ?? toMessage(message, last)) : last;
      return {
        ...entry,
        messages: list,
        channel: lastMessage === last ? entry.channel : { ...entry.channel, lastMessage },
        version: version ?? entry.version,
      };
    });
  };

  const messageRemoved: StateUpdates['messageRemoved'] = (name, index, sid, author, last, version) => {
    core.remember(sid, null);
    core.updateEntry(name, (entry) => {
      const messages = entry.messages.filter((m) => m.sid !== sid);
      const kept = messages.length === entry.messages.length ? entry.messages : messages;
      const lastMessage =
        entry.channel.lastMessage?.sid !== sid
          ? entry.channel.lastMessage
          : last === undefined
            ? (kept.findLast((m) => m.index !== null) ?? null)
            : last &&
              toMessage(
                last,
                kept.find((m) => m.sid === last.sid),
              );
      // It counted as unread if the backend's count did: above the horizon, not mine, not open.
      const counted = author !== core.user && core.current !== name && index > (entry.lastReadIndex ?? -1);
      const unreadCount = Math.max(0, entry.channel.unreadCount - (counted ? 1 : 0));
      return {
        ...entry,
        messages: kept,
        channel:
          lastMessage === entry.channel.lastMessage && unreadCount === entry.channel.unreadCount
            ? entry.channel
            : { ...entry.channel, lastMessage, unreadCount },
        // The newest message known is gone: the newest left is.
        newestIndex: entry.newestIndex === index ? (lastMessage?.index ?? null) : entry.newestIndex,
        version: version ?? entry.version,
      };
    });
  };

  const replaceChannels = (channels: BackendChannel[]): void => {
    const listed = new Set<string>();
    for (const channel of channels) {
      listed.add(channel.name);
      upsertChannel(channel, true);
    }
    for (const name of [...core.entries.keys()]) if (!listed.has(name)) core.deleteEntry(name);
  };

  /** A member in or out; one joining brings its horizon (null: unknown), one leaving takes it along. */
  const setMembers = (name: string, identity: string, join: boolean, horizon: number | null = null): void => {
    core.updateEntry(name, (entry) => {
      const members = entry.channel.members;
      if (members.includes(identity) === join) return entry;
      const next = join ? [...members, identity] : members.filter((m) => m !== identity);
      const { [identity]: _gone, ...others } = entry.channel.lastReadIndexes;
      const lastReadIndexes = join ? { ...others, [identity]: horizon } : others;
      return { ...entry, channel: { ...entry.channel, members: next, lastReadIndexes } };
    });
  };

  const setTyping = (name: string, identity: string, typing: boolean): void => {
    if (!typing || loaded()?.typingEndsReliably !== true) {
      const key = `${name}\n${identity}`;
      clearTimeout(expiries.get(key));
      expiries.delete(key);
      if (typing) {
        const end = () => {
          expiries.delete(key);
          setTyping(name, identity, false);
        };
        expiries.set(key, setTimeout(end, TYPING_EXPIRY_MS));
      }
    }
    const list = core.typing.get(name) ?? [];
    if (list.includes(identity) === typing) return;
    core.setTyping(name, typing ? [...list, identity] : list.filter((id) => id !== identity));
  };

  const apply = (event: BackendEvent): void => {
    switch (event.type) {
      case 'channelAdded':
      case 'channelUpdated':
        upsertChannel(event.channel);
        return;
      case 'channelRemoved':
        core.deleteEntry(event.name);
        return;
      case 'memberJoined':
        setMembers(event.channel, event.identity, true, event.lastReadIndex);
        return;
      case 'memberLeft':
        setMembers(event.channel, event.identity, false);
        return;
      case 'messageAdded':
        messageAdded(event.message, event.version);
        return;
      case 'messageUpdated':
        messageUpdated(event.message, event.version);
        return;
      case 'messageRemoved':
        messageRemoved(event.channel, event.index, event.sid, event.author, event.lastMessage, event.version);
        return;
      case 'memberHorizonChanged':
        core.updateEntry(event.channel, (entry) => {
          const channel = withHorizon(entry.channel, event.identity, event.lastReadIndex);
          return channel === entry.channel ? entry : { ...entry, channel };
        });
        return;
      case 'typingStarted':
      case 'typingEnded':
        if (core.entries.has(event.channel)) {
          setTyping(event.channel, event.identity, event.type === 'typingStarted');
        }
        return;
      case 'readHorizonChanged': {
        const isCurrent = core.current === event.channel;
        core.updateEntry(event.channel, (entry) => {
          const channel = withHorizon(entry.channel, core.user as string, event.lastReadIndex);
          return {
            ...entry,
            lastReadIndex: event.lastReadIndex,
            channel:
              isCurrent || channel.unreadCount === (event.unreadCount ?? 0)
                ? channel
                : { ...channel, unreadCount: event.unreadCount ?? 0 },
          };
        });
        const entry = core.entries.get(event.channel);
        if (entry && isCurrent && (entry.newestIndex ?? -1) > (entry.lastReadIndex ?? -1)) {
          readHorizon.soon(event.channel);
        }
        return;
      }
      case 'connectionStateChanged':
      case 'tokenAboutToExpire':
      case 'tokenExpired':
        // The connection handles these itself (createConnection) and never passes them here.
        return;
      default:
        // Every event of the union has its case: one added to BackendEvent and not here does not compile.
        event satisfies never;
    }
  };

  return {
    upsertChannel,
    replaceChannels,
    messageAdded,
    messageRemoved,
    apply,
    clearTyping() {
      for (const timer of expiries.values()) clearTimeout(timer);
      expiries.clear();
      core.clearTyping();
    },
  };
}

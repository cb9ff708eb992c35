import type { BackendMessage } from './backend.js';
import { ChannelVersions } from './ChannelVersions.js';
import type { ChatError } from './errors.js';
import type { Notifier } from './notifier.js';
import type { Channel, ConnectionState, Message } from './types.js';

/** The shared empty message list (one identity for every channel without messages). */
export const EMPTY: Message[] = [];

/**
 * Everything the store keeps about one channel. Entries are immutable: a change replaces the entry
 * (and only the objects inside it that changed), so selectors of other channels see the same objects.
 */
export interface ChannelEntry {
  /** The public object; replaced only when one of its fields changes. */
  readonly channel: Channel;
  /** Stored messages sorted by index, then pending/failed ones in send order. */
  readonly messages: Message[];
  /**
   * True once a run of messages reaching the newest is loaded: `messages` then holds every message
   * the server has from its first to its last stored one, with no hole (see runs.ts). False: it
   * holds only pending sends.
   */
  readonly loaded: boolean;
  /** This user's read horizon (-1: nothing read), or null while the backend has none. */
  readonly lastReadIndex: number | null;
  /**
   * Highest index of a message known in the channel (from lastMessage or any message seen); lowered
   * when that message turns out deleted, so that a deleted newest message leaves no gap to fetch.
   */
  readonly newestIndex: number | null;
  /** Sort key of the channel lists: time of the newest activity, in ms. */
  readonly activity: number;
  /**
   * The channel's version (`BackendChannel.version`) as of the newest change the store applied: from
   * the listing, then each message event. Null when the backend has none.
   */
  readonly version: string | null;
}

/** Counters that tell the snapshot builder which derived values must be rebuilt. */
export interface Versions {
  /** Any channel object added, replaced or removed (the `channels` record). */
  channels: number;
  private: number;
  group: number;
  typing: number;
}

/**
 * The store's mutable internals: Maps of immutable per-channel entries. Every change goes through a
 * method here, which replaces only the touched entry, keeps `totalUnread` up to date incrementally,
 * bumps the versions of the derived values it invalidates, and schedules one batched notification.
 * Nothing here is O(number of channels).
 */
export class ChatCore {
  user: string | null = null;
  connectionState: ConnectionState = 'disconnected';
  error: ChatError | null = null;
  /** Name of the open channel. */
  current: string | null = null;
  totalUnread = 0;
  /** Bumped on every change visible in the public snapshot. */
  revision = 0;
  readonly entries = new Map<string, ChannelEntry>();
  readonly typing = new Map<string, string[]>();
  /**
   * The messages edited or deleted lately (the newest 1,000), by sid: the newest version known, null
   * when deleted. A reply read before such a change can be applied after its event (both in one
   * network read, the reply's `await` resumes last): what it holds of these is stale (`latest`).
   */
  readonly recentChanges = new Map<string, BackendMessage | null>();
  readonly versions: Versions = { channels: 0, private: 0, group: 0, typing: 0 };
  /** Told before every channel change: keeps the versions of `channels` that snapshots hold. */
  readonly channelVersions = new ChannelVersions(this.entries);
  /**
   * Channels whose list position may have changed since the lists were last built, per type; null
   * after a reset (rebuild everything). The snapshot empties them when it rebuilds a list.
   */
  readonly moved: Record<'private' | 'group', Set<string> | null> = { private: new Set(), group: new Set() };
  readonly #notifier: Notifier;

  constructor(notifier: Notifier) {
    this.#notifier = notifier;
  }

  /** Marks the snapshot stale and schedules a notification. */
  changed(): void {
    this.revision++;
    this.#notifier.schedule();
  }

  /** Sets top-level fields (user, connection state, error, current channel); notifies only on change. */
  set(fields: Partial<Pick<ChatCore, 'user' | 'connectionState' | 'error' | 'current'>>): void {
    let dirty = false;
    for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
      if (this[key] !== fields[key]) {
        (this as Record<typeof key, unknown>)[key] = fields[key];
        dirty = true;
      }
    }
    if (dirty) this.changed();
  }

  /** Replaces (or adds) the entry of one channel. */
  setEntry(name: string, entry: ChannelEntry): void {
    const prev = this.entries.get(name);
    if (prev === entry) return;
    const channelChanged = prev?.channel !== entry.channel || prev.activity !== entry.activity;
    if (channelChanged) this.channelVersions.entry(name);
    this.entries.set(name, entry);
    if (channelChanged) {
      this.totalUnread += entry.channel.unreadCount - (prev?.channel.unreadCount ?? 0);
      this.versions.channels++;
      this.#bumpList(entry.channel.type, name);
      if (prev && prev.channel.type !== entry.channel.type) this.#bumpList(prev.channel.type, name);
    }
    if (channelChanged || (name === this.current && prev?.messages !== entry.messages)) this.changed();
  }

  /** Updates one channel's entry with `update`; does nothing for an unknown channel. */
  updateEntry(name: string, update: (entry: ChannelEntry) => ChannelEntry): void {
    const entry = this.entries.get(name);
    if (entry) this.setEntry(name, update(entry));
  }

  /** Removes a channel (left, removed by the backend). */
  deleteEntry(name: string): void {
    const prev = this.entries.get(name);
    if (!prev) return;
    this.channelVersions.entry(name);
    this.entries.delete(name);
    this.totalUnread -= prev.channel.unreadCount;
    this.versions.channels++;
    this.#bumpList(prev.channel.type, name);
    this.setTyping(name, []);
    if (this.current === name) this.current = null;
    this.changed();
  }

  /** Sets who is typing in a channel (an empty list removes the key). */
  setTyping(name: string, identities: string[]): void {
    const prev = this.typing.get(name);
    if (!prev && identities.length === 0) return;
    if (identities.length === 0) this.typing.delete(name);
    else this.typing.set(name, identities);
    this.versions.typing++;
    this.changed();
  }

  /** Clears who is typing in every channel (the connection dropped: no `typingEnded` will come). */
  clearTyping(): void {
    if (this.typing.size === 0) return;
    this.typing.clear();
    this.versions.typing++;
    this.changed();
  }

  /** Remembers a message's newest version (null: deleted); see {@link ChatCore.recentChanges}. */
  remember(sid: string, version: BackendMessage | null): void {
    this.recentChanges.delete(sid);
    this.recentChanges.set(sid, version);
    if (this.recentChanges.size > 1000) {
      this.recentChanges.delete(this.recentChanges.keys().next().value as string);
    }
  }

  /** Forgets everything about the user (disconnect). */
  reset(): void {
    this.channelVersions.all();
    this.entries.clear();
    this.recentChanges.clear();
    this.typing.clear();
    this.totalUnread = 0;
    this.user = null;
    this.current = null;
    this.error = null;
    this.connectionState = 'disconnected';
    this.versions.channels++;
    this.versions.private++;
    this.versions.group++;
    this.versions.typing++;
    this.moved.private = null;
    this.moved.group = null;
    this.changed();
  }

  #bumpList(type: 'private' | 'group', name: string): void {
    this.versions[type]++;
    this.moved[type]?.add(name);
  }
}

import type { ChatApi, ChatMethods } from './api.js';
import { apiObject, type EagerState, listAccessors } from './apiObject.js';
import { ChannelTable } from './ChannelTable.js';
import { type ChatCore, EMPTY } from './ChatCore.js';
import type { Channel } from './types.js';

type Memo<T> = { version: number; value: T };
type ListType = 'private' | 'group';

const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Builds the public API object: `get()` returns the cached snapshot while nothing changed, and a new
 * one after a change, at O(1): the object itself is one literal (apiObject.ts), and `channels` is the
 * snapshot's own immutable version of the channels (ChannelTable, path-copied per changed channel),
 * read through a read-only Proxy, so no record of every channel is ever built.
 *
 * The channel lists are built on first read and memoized by version, by moving only the channels that
 * changed (binary insertion), and keep their identity while their content is unchanged. A snapshot
 * read after the store moved on sorts them from its own version instead, so every snapshot is
 * immutable: it shows the state it was taken in, whenever first read. `typing` (a few keys) is copied
 * when it changes.
 */
export function createSnapshots(core: ChatCore, methods: ChatMethods): { get(): ChatApi; initial: ChatApi } {
  let typing: Memo<Record<string, string[]>> = { version: -1, value: {} };
  const lists: Record<ListType, Memo<Channel[]>> = {
    private: { version: -1, value: [] },
    group: { version: -1, value: [] },
  };

  const activity = (channel: Channel): number => core.entries.get(channel.name)?.activity ?? 0;
  // Newest activity first, then by name: a total order, so insertion and sorting agree.
  const before = (a: Channel, b: Channel): boolean => {
    const d = activity(a) - activity(b);
    return d > 0 || (d === 0 && a.name < b.name);
  };

  /** The live list, rebuilt incrementally from the channels that moved since the last build. */
  const materializeList = (type: ListType): Channel[] => {
    const memo = lists[type];
    const version = core.versions[type];
    if (memo.version === version) return memo.value;
    const moved = core.moved[type];
    let next: Channel[];
    if (moved && moved.size * 8 < memo.value.length) {
      next = memo.value.filter((channel) => !moved.has(channel.name));
      for (const name of moved) {
        const channel = core.entries.get(name)?.channel;
        if (channel?.type !== type) continue;
        let lo = 0;
        let hi = next.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (before(next[mid]!, channel)) lo = mid + 1;
          else hi = mid;
        }
        next.splice(lo, 0, channel);
      }
    } else {
      next = [];
      for (const entry of core.entries.values()) if (entry.channel.type === type) next.push(entry.channel);
      next.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    }
    core.moved[type] = new Set();
    lists[type] = { version, value: sameItems(next, memo.value) ? memo.value : next };
    return lists[type].value;
  };

  /** A list as a version shows it, for a snapshot the store has moved on from (O(n log n), once). */
  const sortedList = (table: ChannelTable, type: ListType): Channel[] => {
    const rows = [];
    for (const name of table.keys()) {
      const row = table.get(name)!;
      if (row.channel.type === type) rows.push(row);
    }
    rows.sort((a, b) => b.activity - a.activity || (a.channel.name < b.channel.name ? -1 : 1));
    return rows.map((row) => row.channel);
  };

  const none: Channel[] = [];
  // A list is a function of the channel version: built once per version (the live one incrementally).
  const built = new WeakMap<ChannelTable, Partial<Record<ListType, Channel[]>>>();
  const accessors = listAccessors((channels, type) => {
    const table = ChannelTable.behind(channels);
    if (!table) return none; // the initial (server) snapshot
    let memo = built.get(table);
    if (!memo) {
      memo = {};
      built.set(table, memo);
    }
    memo[type] ??= table === core.channelVersions.latest() ? materializeList(type) : sortedList(table, type);
    return memo[type];
  });

  const eager = (table: ChannelTable | null): EagerState => {
    const current = core.current === null ? undefined : core.entries.get(core.current);
    if (table && typing.version !== core.versions.typing) {
      typing = { version: core.versions.typing, value: Object.fromEntries(core.typing) };
    }
    return {
      user: core.user,
      connectionState: core.connectionState,
      error: core.error,
      channels: table ? table.record() : {},
      currentChannel: current?.channel ?? null,
      messages: current?.messages ?? EMPTY,
      totalUnread: core.totalUnread,
      typing: table ? typing.value : {},
    };
  };
  const build = (): ChatApi => {
    const table = core.channelVersions.table();
    return apiObject(methods, eager(table), accessors);
  };

  // The initial snapshot is also the server snapshot: its fields are fixed, never lazy.
  const initial = apiObject(methods, eager(null), accessors);
  let snapshot = initial;
  let revision = core.revision;
  return {
    get() {
      if (revision !== core.revision) {
        snapshot = build();
        revision = core.revision;
      }
      return snapshot;
    },
    initial,
  };
}

import { apiObject, type EagerState, type LazyKey, type LazyState } from './aliases.js';
import type { ChatApi, ChatMethods } from './api.js';
import { type ChatCore, EMPTY } from './ChatCore.js';
import { type Era, type LazyValues, SnapshotHistory } from './SnapshotHistory.js';
import type { Channel } from './types.js';

type Memo<T> = { version: number; value: T };
type ListType = 'private' | 'group';

const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Builds the public API object lazily: `get()` returns the cached snapshot while nothing changed,
 * and a new one after a change. The O(channels) values (`channels`, the channel lists, `typing`) are
 * getters, built on first read and memoized by version, so an event costs O(1) and a snapshot costs
 * O(channels) only when a selector reads them. The lists are rebuilt by moving only the channels
 * that changed (binary insertion), and keep their identity while their content is unchanged.
 *
 * Every snapshot is immutable: a getter shows the state its snapshot was taken in, even when first
 * read after later changes (then built once from `SnapshotHistory`, which records old values at O(1)
 * per change).
 */
export function createSnapshots(core: ChatCore, methods: ChatMethods): { get(): ChatApi; initial: ChatApi } {
  let channels: Memo<Record<string, Channel>> = { version: -1, value: {} };
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

  // The state each snapshot shows (see SnapshotHistory): a snapshot keeps its values whatever changes later.
  const live: { [K in keyof LazyValues]-?: () => NonNullable<LazyValues[K]> } = {
    channels() {
      if (channels.version !== core.versions.channels) {
        const value: Record<string, Channel> = {};
        for (const [name, entry] of core.entries) value[name] = entry.channel;
        channels = { version: core.versions.channels, value };
      }
      return channels.value;
    },
    private: () => materializeList('private'),
    group: () => materializeList('group'),
    typing() {
      if (typing.version !== core.versions.typing) {
        typing = { version: core.versions.typing, value: Object.fromEntries(core.typing) };
      }
      return typing.value;
    },
  };
  /** A state the store has moved on from: every lazy value at once, from the history (O(channels)). */
  const rebuild = (era: Era): Required<LazyValues> => {
    const { rows, typing } = SnapshotHistory.state(era, core.history);
    const value: Record<string, Channel> = {};
    const lists: Record<ListType, Channel[]> = { private: [], group: [] };
    for (const [name, row] of rows) {
      value[name] = row.channel;
      lists[row.channel.type].push(row.channel);
    }
    const at = (c: Channel) => rows.get(c.name)?.activity ?? 0;
    const order = (a: Channel, b: Channel) =>
      at(b) - at(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    return {
      channels: value,
      private: lists.private.sort(order),
      group: lists.group.sort(order),
      typing: Object.fromEntries(typing),
      ...era.values, // what it had already built stays as it was
    };
  };
  const lazy = <K extends keyof LazyValues>(era: Era, key: K): NonNullable<LazyValues[K]> => {
    const known = era.values[key];
    if (known) return known as NonNullable<LazyValues[K]>;
    if (era.dirty) era.values = rebuild(era);
    else era.values[key] = live[key]() as LazyValues[K];
    return era.values[key] as NonNullable<LazyValues[K]>;
  };
  const keys: Record<LazyKey, keyof LazyValues> = {
    channels: 'channels',
    privateChannels: 'private',
    groupChannels: 'group',
    typing: 'typing',
  };

  const eager = (): EagerState => {
    const current = core.current === null ? undefined : core.entries.get(core.current);
    return {
      user: core.user,
      connectionState: core.connectionState,
      error: core.error,
      currentChannel: current?.channel ?? null,
      messages: current?.messages ?? EMPTY,
      totalUnread: core.totalUnread,
    };
  };
  const build = (): ChatApi => {
    const era = core.history.share();
    return apiObject(methods, eager(), (key) => lazy(era, keys[key]) as LazyState[typeof key]);
  };

  // The initial snapshot is also the server snapshot: its fields are fixed, never lazy.
  const fixed: LazyState = { channels: {}, privateChannels: [], groupChannels: [], typing: {} };
  const initial = apiObject(methods, eager(), (key) => fixed[key]);
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

import { defineSeedAliases } from './aliases.js';
import type { ChatApi, ChatMethods } from './api.js';
import { type ChatCore, EMPTY, type Versions } from './ChatCore.js';
import type { Channel } from './types.js';

type Memo<T> = { version: number; value: T };

const byActivity = (a: Channel, b: Channel, activity: (c: Channel) => number): number =>
  activity(b) - activity(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Builds the public API object lazily: `get()` returns the cached snapshot while nothing changed,
 * and a new one after a change. The O(channels) values (`channels`, the channel lists, `typing`) are
 * getters materialized on first read and memoized by version, so an event costs O(1) and a snapshot
 * costs O(channels) only when a selector reads them. Derived arrays keep their identity while their
 * content is unchanged, so selectors that return them do not re-render.
 */
export function createSnapshots(core: ChatCore, methods: ChatMethods): { get(): ChatApi; initial: ChatApi } {
  let channels: Memo<Record<string, Channel>> = { version: -1, value: {} };
  let typing: Memo<Record<string, string[]>> = { version: -1, value: {} };
  const lists: Record<'private' | 'group', Memo<Channel[]>> = {
    private: { version: -1, value: [] },
    group: { version: -1, value: [] },
  };

  const materializeChannels = (): Record<string, Channel> => {
    if (channels.version !== core.versions.channels) {
      const value: Record<string, Channel> = {};
      for (const [name, entry] of core.entries) value[name] = entry.channel;
      channels = { version: core.versions.channels, value };
    }
    return channels.value;
  };

  const materializeList = (type: 'private' | 'group'): Channel[] => {
    const memo = lists[type];
    const version = core.versions[type as keyof Versions];
    if (memo.version === version) return memo.value;
    // Start from the previous order so the sort sees nearly sorted input (TimSort: close to O(n)).
    const seen = new Set<string>();
    const next: Channel[] = [];
    for (const old of memo.value) {
      const entry = core.entries.get(old.name);
      if (entry && entry.channel.type === type) {
        next.push(entry.channel);
        seen.add(old.name);
      }
    }
    for (const [name, entry] of core.entries) {
      if (entry.channel.type === type && !seen.has(name)) next.push(entry.channel);
    }
    const activity = (c: Channel): number => core.entries.get(c.name)?.activity ?? 0;
    next.sort((a, b) => byActivity(a, b, activity));
    lists[type] = { version, value: sameItems(next, memo.value) ? memo.value : next };
    return lists[type].value;
  };

  const materializeTyping = (): Record<string, string[]> => {
    if (typing.version !== core.versions.typing) {
      typing = { version: core.versions.typing, value: Object.fromEntries(core.typing) };
    }
    return typing.value;
  };

  const build = (): ChatApi => {
    const current = core.current === null ? undefined : core.entries.get(core.current);
    // Per-snapshot caches: once read, a snapshot's lazy field never changes.
    const lazy = <T>(read: () => T): PropertyDescriptor => {
      let done = false;
      let value: T;
      return {
        enumerable: true,
        get: () => {
          if (!done) {
            value = read();
            done = true;
          }
          return value;
        },
      };
    };
    const api = Object.defineProperties(
      {
        ...methods,
        user: core.user,
        connectionState: core.connectionState,
        error: core.error,
        currentChannel: current?.channel ?? null,
        messages: current?.messages ?? EMPTY,
        totalUnread: core.totalUnread,
      },
      {
        channels: lazy(materializeChannels),
        privateChannels: lazy(() => materializeList('private')),
        groupChannels: lazy(() => materializeList('group')),
        typing: lazy(materializeTyping),
      },
    ) as unknown as ChatApi;
    return defineSeedAliases(api, methods);
  };

  const initial = build();
  // The initial snapshot is also the server snapshot: read its lazy fields now, while they are empty.
  void [initial.channels, initial.privateChannels, initial.groupChannels, initial.typing];
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

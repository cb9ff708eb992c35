// @vitest-environment node
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { ChatApi, ChatMethods, MisspelledAliases, SeedAliases } from '../api.js';
import type { BackendChannel, BackendMessage, ChatBackend } from '../backend.js';
import { ChatCore } from '../ChatCore.js';
import { createEngineContext } from '../engineContext.js';
import { createNotifier } from '../notifier.js';
import { createSnapshots } from '../snapshot.js';
import { createStateUpdates } from '../stateUpdates.js';

// The store's pure parts (state, state updates, snapshot, notifier) wired by hand: events are applied
// synchronously, so batching and structural sharing are checked without any timing.

const channel = (
  name: string,
  type: 'private' | 'group',
  extra: Partial<BackendChannel> = {},
): BackendChannel => ({
  sid: `CH${name}`,
  name,
  type,
  friendlyName: name,
  description: '',
  members: ['me', 'bob'],
  lastMessage: null,
  lastReadIndex: -1,
  unreadCount: 0,
  ...extra,
});

const message = (name: string, index: number, author = 'bob'): BackendMessage => ({
  sid: `IM${name}${index}`,
  index,
  channel: name,
  clientId: null,
  author,
  body: `#${index}`,
  media: null,
  dateCreated: new Date(1_700_000_000_000 + index * 1000),
});

function setup(batchMs = 16, typingEndsReliably = false) {
  const notifier = createNotifier(batchMs);
  const core = new ChatCore(notifier);
  core.user = 'me';
  const markedRead: string[] = [];
  const ctx = createEngineContext(core, notifier, { backend: { typingEndsReliably } as ChatBackend });
  // No connection here: the backend's events come straight from the test, and it is "loaded" at once.
  ctx.loaded = () => ctx.options.backend as ChatBackend;
  const updates = createStateUpdates(ctx, {
    readHorizon: { soon: (name) => markedRead.push(name) },
    loader: { fill: async () => {} },
  });
  const snapshots = createSnapshots(core, {} as ChatMethods);
  const listener = vi.fn();
  notifier.subscribe(listener);
  return { core, updates, notifier, get: snapshots.get, listener, markedRead };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('store state', () => {
  it('notifies once per batch window, while getState() is up to date at once', () => {
    vi.useFakeTimers();
    const { updates, get, listener } = setup(16);
    updates.upsertChannel(channel('general', 'group'));
    for (let i = 0; i < 1000; i++) updates.messageAdded(message('general', i));
    expect(get().channels.general?.unreadCount).toBe(1000);
    expect(get().totalUnread).toBe(1000);
    expect(listener).not.toHaveBeenCalled();
    vi.advanceTimersByTime(16);
    expect(listener).toHaveBeenCalledTimes(1);
    updates.messageAdded(message('general', 1000));
    vi.advanceTimersByTime(16);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('with batchMs 0 notifies once per microtask', async () => {
    const { updates, listener } = setup(0);
    updates.upsertChannel(channel('general', 'group'));
    for (let i = 0; i < 100; i++) updates.messageAdded(message('general', i));
    await Promise.resolve();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('returns the same snapshot until something changes', () => {
    const { updates, get } = setup();
    updates.upsertChannel(channel('general', 'group'));
    const first = get();
    expect(get()).toBe(first);
    updates.messageAdded(message('general', 0));
    expect(get()).not.toBe(first);
    // A duplicate event changes nothing public: same snapshot.
    const second = get();
    updates.messageAdded(message('general', 0));
    expect(get()).toBe(second);
  });

  it('replaces only the touched channel (structural sharing) and keeps derived arrays when unchanged', () => {
    const { core, updates, get } = setup();
    const list: BackendChannel[] = [];
    for (let i = 0; i < 50; i++) list.push(channel(`group${i}`, 'group'), channel(`me#peer${i}`, 'private'));
    updates.replaceChannels(list);
    core.set({ current: 'group0' });
    const before = get();
    // Lazy fields are built when first read: read them as a selector would, before the change.
    const { channels, privateChannels: privates, messages } = before;
    void before.groupChannels;
    updates.messageAdded(message('group7', 0));
    const after = get();
    expect(after.channels).not.toBe(channels);
    expect(after.channels.group7).not.toBe(channels.group7);
    expect(after.channels.group7?.unreadCount).toBe(1);
    expect(after.channels.group8).toBe(channels.group8);
    expect(after.channels['me#peer3']).toBe(channels['me#peer3']);
    expect(after.privateChannels).toBe(privates);
    expect(after.messages).toBe(messages);
    expect(after.currentChannel).toBe(before.currentChannel);
    // Newest activity first.
    expect(after.groupChannels[0]?.name).toBe('group7');
  });

  it('counts one unread per new message above the horizon, not by index arithmetic', () => {
    const { updates, get } = setup();
    updates.upsertChannel(channel('general', 'group', { lastReadIndex: 10, unreadCount: 0 }));
    // Gaps in indexes (Twilio) and a message at or below the horizon.
    for (const index of [5, 10, 12, 40, 41]) updates.messageAdded(message('general', index));
    expect(get().channels.general?.unreadCount).toBe(3);
    // Own messages and duplicates never count.
    updates.messageAdded(message('general', 42, 'me'));
    updates.messageAdded(message('general', 41));
    expect(get().channels.general?.unreadCount).toBe(3);
    // The backend's count wins when the horizon moves (e.g. read in another tab).
    updates.apply({ type: 'readHorizonChanged', channel: 'general', lastReadIndex: 41, unreadCount: 0 });
    expect(get().totalUnread).toBe(0);
  });

  it('keeps the open channel at 0 and moves its horizon', () => {
    const { core, updates, get, markedRead } = setup();
    updates.upsertChannel(channel('general', 'group'));
    core.set({ current: 'general' });
    updates.messageAdded(message('general', 0));
    expect(get().currentChannel?.unreadCount).toBe(0);
    expect(markedRead).toContain('general');
  });

  it('shows a null unread count as 0 and asks for a horizon', () => {
    const { updates, get, markedRead } = setup();
    updates.upsertChannel(channel('twilio', 'group', { lastReadIndex: null, unreadCount: null }));
    expect(get().channels.twilio?.unreadCount).toBe(0);
    expect(markedRead).toEqual(['twilio']);
  });

  it('tracks members, typing and removal', () => {
    const { core, updates, get } = setup();
    updates.upsertChannel(channel('general', 'group', { unreadCount: 2 }));
    core.set({ current: 'general' });
    updates.apply({ type: 'memberJoined', channel: 'general', identity: 'carol' });
    expect(get().channels.general?.members).toEqual(['me', 'bob', 'carol']);
    updates.apply({ type: 'typingStarted', channel: 'general', identity: 'carol' });
    expect(get().typing).toEqual({ general: ['carol'] });
    updates.apply({ type: 'typingEnded', channel: 'general', identity: 'carol' });
    expect(get().typing).toEqual({});
    updates.apply({ type: 'memberLeft', channel: 'general', identity: 'carol' });
    expect(get().channels.general?.members).toEqual(['me', 'bob']);
    updates.apply({ type: 'channelRemoved', name: 'general' });
    expect(get().channels).toEqual({});
    expect(get().currentChannel).toBeNull();
    expect(get().totalUnread).toBe(0);
  });

  it('ends a typing indicator that no typingStarted renewed within 6 s, unless the backend always ends it', () => {
    vi.useFakeTimers();
    const { updates, get } = setup();
    updates.upsertChannel(channel('general', 'group'));
    const started = { type: 'typingStarted', channel: 'general', identity: 'carol' } as const;
    updates.apply(started);
    vi.advanceTimersByTime(5000);
    updates.apply(started); // Twilio repeats typingStarted while someone types
    vi.advanceTimersByTime(5000);
    expect(get().typing).toEqual({ general: ['carol'] });
    vi.advanceTimersByTime(1000); // 6 s after the last one: its typingEnded was lost
    expect(get().typing).toEqual({});

    const reliable = setup(16, true); // the local server: typingStarted once, typingEnded always
    reliable.updates.upsertChannel(channel('general', 'group'));
    reliable.updates.apply(started);
    vi.advanceTimersByTime(60_000);
    expect(reliable.get().typing).toEqual({ general: ['carol'] });
    reliable.updates.clearTyping(); // the connection dropped
    expect(reliable.get().typing).toEqual({});
  });

  it('never changes a snapshot: a retained one shows its own state, read before or long after changes', () => {
    const { core, updates, get } = setup();
    const view = (state: ChatApi) => ({
      channels: Object.keys(state.channels).sort(),
      unreadB: state.channels.b?.unreadCount,
      group: state.groupChannels.map((c) => c.name),
      private: state.privateChannels.map((c) => c.name),
      typing: state.typing,
      current: state.currentChannel?.name ?? null,
      messages: state.messages.map((m) => m.body),
    });
    updates.replaceChannels([channel('a', 'group'), channel('b', 'group'), channel('me#bob', 'private')]);
    updates.messageAdded(message('b', 0));
    updates.apply({ type: 'typingStarted', channel: 'a', identity: 'carol' });
    const first = get(); // nothing read yet: every lazy field is built only after the changes below
    const firstView = { channels: ['a', 'b', 'me#bob'], unreadB: 1, group: ['b', 'a'], private: ['me#bob'] };

    core.set({ current: 'a' });
    // Loaded while empty: the run is [0..-1], so index 0 is the next message (a higher one is a gap).
    core.updateEntry('a', (entry) => ({ ...entry, loaded: true }));
    updates.messageAdded(message('a', 0));
    const second = get();
    const secondChannels = second.channels; // read now: kept as it is
    expect(second.groupChannels.map((c) => c.name)).toEqual(['a', 'b']);

    updates.apply({ type: 'typingEnded', channel: 'a', identity: 'carol' });
    updates.apply({ type: 'typingStarted', channel: 'b', identity: 'dave' });
    updates.apply({ type: 'channelRemoved', name: 'me#bob' });
    updates.apply({ type: 'channelAdded', channel: channel('c', 'group') });
    updates.messageAdded(message('a', 1));
    // Enough changes for the channel versions to renumber (entries + 64 records).
    for (let i = 1; i <= 100; i++) updates.messageAdded(message('b', i));

    expect(view(first)).toEqual({ ...firstView, typing: { a: ['carol'] }, current: null, messages: [] });
    expect(view(second)).toEqual({
      ...firstView,
      group: ['a', 'b'],
      typing: { a: ['carol'] },
      current: 'a',
      messages: ['#0'],
    });
    expect(second.channels).toBe(secondChannels);
    expect(view(get())).toEqual({
      channels: ['a', 'b', 'c'],
      unreadB: 101,
      group: ['c', 'b', 'a'],
      private: [],
      typing: { b: ['dave'] },
      current: 'a',
      messages: ['#0', '#1'],
    });

    const third = get();
    core.reset(); // disconnect: everything at once
    expect(view(third).channels).toEqual(['a', 'b', 'c']);
    expect(view(second).messages).toEqual(['#0']);
    expect(view(get())).toMatchObject({ channels: [], group: [], typing: {}, messages: [] });
  });

  it('keeps a retained snapshot whole through channel churn (joined and left channels renumber the table)', () => {
    const { updates, get } = setup();
    const names = Array.from({ length: 10 }, (_, i) => `g${i}`);
    updates.replaceChannels(names.map((name) => channel(name, 'group')));
    const first = get();
    for (let i = 0; i < 200; i++) {
      updates.apply({ type: 'channelAdded', channel: channel(`x${i}`, 'group') });
      expect(Object.keys(get().channels)).toHaveLength(11);
      updates.apply({ type: 'channelRemoved', name: `x${i}` });
      get();
    }
    updates.messageAdded(message('g3', 0));
    expect(Object.keys(first.channels)).toEqual(names);
    expect(first.channels.g3?.unreadCount).toBe(0);
    expect(first.groupChannels.map((c) => c.name)).toEqual([...names].sort());
    expect(Object.keys(get().channels)).toEqual(names);
    expect(get().channels.g3?.unreadCount).toBe(1);
    expect(get().groupChannels[0]?.name).toBe('g3');
  });

  it('offers the seed aliases as the same values', () => {
    const { updates, get, core } = setup();
    updates.upsertChannel(channel('me#bob', 'private'));
    core.set({ current: 'me#bob' });
    const state = get();
    expect(state.privatChannels).toBe(state.privateChannels);
    expect(state.currentChanel).toBe(state.currentChannel);
    expect(Object.keys({ ...state })).toEqual(
      expect.arrayContaining(['privatChannels', 'currentChanel', 'channels']),
    );
    // Their type's old name still compiles, as the same type.
    expectTypeOf<SeedAliases>().toEqualTypeOf<MisspelledAliases>();
  });

  it('puts every name of the API on each snapshot, own and enumerable (chatConnect spreads it)', () => {
    // Keyed by every name of ChatApi: a name added to the API and not to this list does not compile.
    const every: Record<keyof ChatApi, true> = {
      connect: true,
      disconnect: true,
      createGroupChannel: true,
      createPrivateChannel: true,
      joinChannel: true,
      setCurrentChannel: true,
      leaveChannel: true,
      getMessages: true,
      sendMessage: true,
      retryMessage: true,
      markRead: true,
      setTyping: true,
      addMember: true,
      removeMember: true,
      updateChannel: true,
      editMessage: true,
      deleteMessage: true,
      user: true,
      connectionState: true,
      error: true,
      channels: true,
      privateChannels: true,
      groupChannels: true,
      currentChannel: true,
      messages: true,
      totalUnread: true,
      typing: true,
      createPrivatChannel: true,
      getMessage: true,
      currentChanel: true,
      privatChannels: true,
    };
    const { updates, get } = setup();
    updates.upsertChannel(channel('me#bob', 'private'));
    expect(Object.keys({ ...get() }).sort()).toEqual(Object.keys(every).sort());
  });

  it('keeps the channel lists sorted (newest activity first, then name) through incremental updates', () => {
    const { updates, get, core } = setup();
    const list: BackendChannel[] = [];
    for (let i = 0; i < 200; i++) list.push(channel(`g${i}`, i % 3 ? 'group' : 'private'));
    updates.replaceChannels(list);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const reference = (type: 'private' | 'group') =>
      [...core.entries.values()]
        .filter((e) => e.channel.type === type)
        .sort((a, b) => b.activity - a.activity || (a.channel.name < b.channel.name ? -1 : 1))
        .map((e) => e.channel);
    for (let step = 0; step < 300; step++) {
      const name = `g${random(200)}`;
      if (step % 50 === 49) updates.apply({ type: 'channelRemoved', name });
      else
        updates.messageAdded({
          ...message(name, step),
          dateCreated: new Date(1_700_000_000_000 + random(1000) * 1000),
        });
      if (step % 3 === 0) {
        expect(get().groupChannels).toEqual(reference('group'));
        expect(get().privateChannels).toEqual(reference('private'));
      }
    }
  });
});

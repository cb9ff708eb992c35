// Headless store scenarios (no React), bundled as a production build and run by bench/store.mjs:
// the cost of one update at 10,000 channels, and the heap a store holds per message.
import { createChatStore } from '@chat/react';
import { initialNaiveState, naiveReduce } from '../naive/naiveReducer.mjs';
import { createBenchBackend, random } from './benchBackend.mjs';

const getToken = async () => 'bench-token';

/** A connected @chat/react store with `messagesPerChannel` loaded in every channel, the first one open. */
async function loadedStore(bench, messagesPerChannel) {
  const store = createChatStore({ backend: bench.backend });
  await store.getState().connect(getToken, 'me');
  if (messagesPerChannel > 0) {
    await Promise.all(bench.names.map((name) => store.getState().getMessages(name, messagesPerChannel)));
  }
  store.getState().setCurrentChannel(bench.names[0]);
  return store;
}

/** The newest page of every channel, as the backend returns them. */
const loadPages = (bench, pageSize) =>
  Promise.all(
    bench.names.map(async (name) => ({
      name,
      messages: (await bench.backend.getMessages(name, { pageSize })).messages,
    })),
  );

/** The naive state with the same data: channels listed, pages loaded, the first channel open. */
async function loadedNaive(bench, messagesPerChannel) {
  let state = naiveReduce(initialNaiveState, { type: 'connected', user: 'me' });
  state = naiveReduce(state, { type: 'channelsListed', channels: await bench.backend.listChannels() });
  if (messagesPerChannel > 0) {
    state = naiveReduce(state, { type: 'pages', pages: await loadPages(bench, messagesPerChannel) });
  }
  return naiveReduce(state, { type: 'current', name: bench.names[0] });
}

/**
 * Time of one update: a `messageAdded` event in a random channel that is not open, until the new
 * state is readable. `ours`: the event through the store's backend callback, then `getState()`.
 * `ours-event`: the event alone (what each event of a burst costs: reads happen once per batch).
 * `ours+row`: the same, plus what a row's selector reads (`channels[name]`). `naive`: the naive
 * reducer, which copies the whole state. Events are generated before the clock starts.
 */
export async function updateCost(impl, { channels, messagesPerChannel, updates, seed }, wrap = (p) => p()) {
  const bench = createBenchBackend({ channels, messagesPerChannel });
  // Generated after loading (the backend's channel list reports the newest index it has issued).
  const eventsAfterLoad = () => {
    const next = random(seed);
    return Array.from({ length: updates }, () =>
      bench.nextEvent(bench.names[1 + Math.floor(next() * (channels - 1))]),
    );
  };
  let start;
  let elapsed;
  let check;
  if (impl === 'naive') {
    let state = await loadedNaive(bench, messagesPerChannel);
    const events = eventsAfterLoad();
    await wrap(() => {
      globalThis.gc?.(); // setup garbage is collected before the clock starts, for both stores
      start = performance.now();
      for (const event of events) state = naiveReduce(state, event);
      elapsed = performance.now() - start;
    });
    check = state.totalUnread;
  } else {
    const store = await loadedStore(bench, messagesPerChannel);
    const events = eventsAfterLoad();
    const row = impl === 'ours+row';
    let sink = 0;
    await wrap(() => {
      globalThis.gc?.();
      start = performance.now();
      if (impl === 'ours-event') {
        for (const event of events) bench.emit(event);
      } else {
        for (const event of events) {
          bench.emit(event);
          const state = store.getState();
          if (row) sink += state.channels[event.message.channel].unreadCount;
        }
      }
      elapsed = performance.now() - start;
    });
    check = store.getState().totalUnread;
    if (row && sink === 0) throw new Error('unreachable: rows read nothing');
    await store.getState().disconnect();
  }
  if (check !== updates) throw new Error(`${impl}: totalUnread is ${check}, expected ${updates}`);
  return { usPerUpdate: (elapsed * 1000) / updates, updates };
}

/**
 * Heap held per message: `channels` channels listed, then `perChannel` messages loaded in each
 * (`channels × perChannel` messages), measured with a full GC before and after. Needs --expose-gc.
 */
export async function memory(impl, { channels, perChannel }) {
  if (typeof globalThis.gc !== 'function') throw new Error('memory(): run node with --expose-gc');
  const settle = () => {
    for (let i = 0; i < 3; i++) globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  const bench = createBenchBackend({ channels, messagesPerChannel: perChannel });
  let holder;
  let before;
  if (impl === 'naive') {
    holder = await loadedNaive(bench, 0);
    before = settle();
    holder = naiveReduce(holder, { type: 'pages', pages: await loadPages(bench, perChannel) });
  } else {
    holder = await loadedStore(bench, 0);
    before = settle();
    await Promise.all(bench.names.map((name) => holder.getState().getMessages(name, perChannel)));
  }
  // Let the store's timers (read horizon of the open channel) run, then measure.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const after = settle();
  const count = channels * perChannel;
  // The naive state shows every list; the store shows the open channel's (the others load alike).
  const held =
    impl === 'naive'
      ? Object.values(holder.messagesByChannel).reduce((n, list) => n + list.length, 0)
      : holder.getState().messages.length * channels;
  if (held !== count) throw new Error(`${impl}: holds ${held} messages, expected ${count}`);
  if (impl !== 'naive') await holder.getState().disconnect();
  return { bytesPerMessage: (after - before) / count, messages: count, heapMB: after / 1048576 };
}

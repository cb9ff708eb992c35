// The React scenarios, bundled as a production build and run under jsdom by bench/react.mjs.
// React 19's `act` does not exist in production builds, so the bench uses real scheduling: it waits
// for commits, which it sees through the React DevTools hook (`onCommitFiberRoot`), a hook production
// react-dom calls on every commit. The harness installs that hook before react-dom loads.
import { createChatStore } from '@chat/react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { counters, naiveTree, oursTree } from './apps.jsx';
import { createBenchBackend, random } from './benchBackend.mjs';

const commits = globalThis.__benchCommits;
if (!commits) throw new Error('reactScenario: load bench/react.mjs, which installs the commit hook first');

const macrotask = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** CPU time (user + system) of this process since `start`, in ms: steadier than wall time on a busy machine. */
const cpuMsSince = (start) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** Resolves at the next React commit; rejects if none comes within `ms` (a message that renders nothing). */
function nextCommit(ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      commits.waiters.delete(done);
      reject(new Error(`no React commit within ${ms} ms`));
    }, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    commits.waiters.add(done);
  });
}

/**
 * Mounts one implementation with `channels` × `messagesPerChannel` loaded and the first channel open.
 * `batchMs` is the store's notification window (0: a microtask after each change).
 */
async function mount(impl, { channels, messagesPerChannel, pane, batchMs }) {
  const bench = createBenchBackend({ channels, messagesPerChannel });
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const getToken = async () => 'bench-token';
  let teardown;
  if (impl === 'ours') {
    const store = createChatStore({ backend: bench.backend, batchMs });
    const chat = store.getState();
    await chat.connect(getToken, 'me');
    await Promise.all(bench.names.map((name) => chat.getMessages(name, messagesPerChannel)));
    store.getState().setCurrentChannel(bench.names[0]);
    flushSync(() => root.render(oursTree(store, { pane })));
    teardown = () => store.getState().disconnect();
  } else {
    const apiRef = { current: null };
    flushSync(() => root.render(naiveTree(bench.backend, apiRef, { pane })));
    await apiRef.current.connect(getToken, 'me');
    await macrotask();
    await Promise.all(bench.names.map((name) => apiRef.current.getMessages(name, messagesPerChannel)));
    await macrotask();
    apiRef.current.setCurrentChannel(bench.names[0]);
    teardown = () => apiRef.current.disconnect();
  }
  // Let every pending commit and timer (the open channel's read horizon) settle before measuring.
  await sleep(120);
  const rows = container.querySelectorAll('#list > li').length;
  if (rows !== channels) throw new Error(`${impl}: rendered ${rows} rows, expected ${channels}`);
  return {
    bench,
    container,
    async unmount() {
      flushSync(() => root.unmount());
      container.remove();
      await teardown();
    },
  };
}

/**
 * `messages` messages arrive one by one in random channels other than the open one; each is awaited
 * until React has committed it. Returns renders per message and the wall time of all of them.
 */
export async function runRenders(
  impl,
  { channels, messagesPerChannel, messages, seed },
  wrap = (phase) => phase(),
) {
  const app = await mount(impl, { channels, messagesPerChannel, pane: false, batchMs: 0 });
  const next = random(seed);
  const targets = Array.from(
    { length: messages },
    () => app.bench.names[1 + Math.floor(next() * (channels - 1))],
  );
  counters.renders = 0;
  const commitsBefore = commits.count;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await wrap(async () => {
    for (const name of targets) {
      const committed = nextCommit();
      app.bench.deliver(name);
      await committed;
    }
  });
  const wallMs = performance.now() - start;
  const cpuMs = cpuMsSince(cpu);
  const renders = counters.renders;
  const commitCount = commits.count - commitsBefore;
  const unread = [...app.container.querySelectorAll('#list > li')].reduce(
    (sum, li) => sum + Number(li.dataset.unread),
    0,
  );
  await app.unmount();
  if (unread !== messages)
    throw new Error(`${impl}: the rows show ${unread} unread messages, expected ${messages}`);
  return { rendersPerMessage: renders / messages, wallMs, cpuMs, commits: commitCount };
}

/**
 * `burst` messages arrive in the open channel, one per macrotask (as socket frames do), with the
 * store's default notification batching. Counts React commits until every message is on screen
 * (and 100 ms after, to catch late ones) and checks that none is missing or out of order.
 */
export async function runBurst(impl, { channels, messagesPerChannel, burst }, wrap = (phase) => phase()) {
  const app = await mount(impl, { channels, messagesPerChannel, pane: true, batchMs: undefined });
  const open = app.bench.names[0];
  const expected = messagesPerChannel + burst;
  const pane = app.container.querySelector('#pane');
  const commitsBefore = commits.count;
  counters.renders = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await wrap(async () => {
    for (let i = 0; i < burst; i++) {
      app.bench.deliver(open);
      await macrotask();
    }
    while (pane.children.length < expected && performance.now() - start < 60_000) await sleep(1);
  });
  const wallMs = performance.now() - start;
  const cpuMs = cpuMsSince(cpu);
  await sleep(100);
  const commitCount = commits.count - commitsBefore;
  const shown = [...pane.children].map((li) => Number(li.dataset.index));
  const inOrder = shown.length === expected && shown.every((index, i) => index === i);
  await app.unmount();
  return {
    commits: commitCount,
    shown: shown.length,
    expected,
    complete: inOrder,
    wallMs,
    cpuMs,
    renders: counters.renders,
  };
}

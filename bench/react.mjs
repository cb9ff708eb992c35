#!/usr/bin/env node
// `node bench/react.mjs` (pnpm bench:react): @chat/react's React binding against the naive
// single-Context store, production builds of both and of React, under jsdom, in interleaved rounds.
//   1. 1,000 channels × 50 messages loaded, one row component per channel and a list of names;
//      200 messages arrive one by one in random channels that are not open: component renders per
//      message and wall time (each message awaited until React committed it).
//   2. Burst: 1,000 messages arrive in the open channel, one per macrotask: React commits, and
//      whether every message is on screen, in order.
// Then runs bench/store.mjs (store update cost at 10,000 channels, heap per message) in a child.
// Knobs: BENCH_ROUNDS (3), BENCH_PROFILE=1 (CPU profiles of the last round in bench/results/).
//
// Why no `act`: React 19's production build has no `act`. The bench waits for real commits instead,
// seen through the DevTools hook that production react-dom calls on every commit (lib/dom.mjs).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScenario } from './lib/build.mjs';
import { installDom } from './lib/dom.mjs';
import { profilePhase } from './lib/profiler.mjs';
import { resultsDir, writeResults } from './lib/results.mjs';
import { envInt, machine, median, round } from './lib/stats.mjs';

const ROUNDS = envInt('BENCH_ROUNDS', 3);
const PROFILE = process.env.BENCH_PROFILE === '1';
const RENDERS = { channels: 1000, messagesPerChannel: 50, messages: 200 };
const BURST = { channels: 1000, messagesPerChannel: 50, burst: 1000 };
const GOALS = { rendersPerMessage: 1, speedup: 5, burstCommits: 10 };
const IMPLS = ['ours', 'naive'];

const closeDom = installDom();
const scenario = await buildScenario('scenario/reactScenario.jsx');
const wrapFor = (name, last) =>
  PROFILE && last ? (phase) => profilePhase(join(resultsDir, `react-${name}.cpuprofile`), phase) : undefined;

try {
  const { runRenders, runBurst } = await import(scenario.url);
  // Warm-up (JIT, jsdom), not counted.
  for (const impl of IMPLS) await runRenders(impl, { ...RENDERS, messages: 20, seed: 1000 });
  const renders = { ours: [], naive: [] };
  const bursts = { ours: [], naive: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [...IMPLS].reverse() : IMPLS;
    const last = r === ROUNDS - 1;
    for (const impl of order) {
      const result = await runRenders(impl, { ...RENDERS, seed: r + 1 }, wrapFor(`renders-${impl}`, last));
      renders[impl].push(result);
      console.error(
        `round ${r + 1}/${ROUNDS} renders ${impl.padEnd(5)} ${result.rendersPerMessage} renders/msg, ${result.wallMs.toFixed(0)} ms wall, ${result.cpuMs.toFixed(0)} ms CPU`,
      );
    }
    for (const impl of order) {
      const result = await runBurst(impl, BURST, wrapFor(`burst-${impl}`, last));
      bursts[impl].push(result);
      console.error(
        `round ${r + 1}/${ROUNDS} burst   ${impl.padEnd(5)} ${result.commits} commits, ${result.shown}/${result.expected} shown${result.complete ? '' : ' MISSING/OUT OF ORDER'}, ${result.wallMs.toFixed(0)} ms`,
      );
    }
  }
  const med = (list, key) => median(list.map((x) => x[key]));
  // Ratios per round (both measured back to back), then the median ratio.
  const speedups = renders.ours.map((ours, i) => renders.naive[i].wallMs / ours.wallMs);
  const cpuSpeedups = renders.ours.map((ours, i) => renders.naive[i].cpuMs / ours.cpuMs);
  const summary = Object.fromEntries(
    IMPLS.map((impl) => [
      impl,
      {
        rendersPerMessage: med(renders[impl], 'rendersPerMessage'),
        wallMs: round(med(renders[impl], 'wallMs'), 1),
        cpuMs: round(med(renders[impl], 'cpuMs'), 1),
        burstCommits: med(bursts[impl], 'commits'),
        burstComplete: bursts[impl].every((b) => b.complete),
        burstWallMs: round(med(bursts[impl], 'wallMs'), 1),
      },
    ]),
  );
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    rounds: ROUNDS,
    config: { renders: RENDERS, burst: BURST },
    goals: GOALS,
    summary,
    speedup: round(median(speedups), 2),
    cpuSpeedup: round(median(cpuSpeedups), 2),
    met: {
      rendersPerMessage: summary.ours.rendersPerMessage === GOALS.rendersPerMessage,
      speedup: median(speedups) >= GOALS.speedup,
      burst: summary.ours.burstCommits <= GOALS.burstCommits && summary.ours.burstComplete,
    },
    runs: { renders, bursts },
  };
  const file = writeResults('react', results);
  const o = summary.ours;
  const n = summary.naive;
  console.log(`
React, production build, ${RENDERS.channels} channels × ${RENDERS.messagesPerChannel} messages, ${ROUNDS} interleaved rounds, medians
  renders per message (non-open channel)  @chat/react ${o.rendersPerMessage}   naive ${n.rendersPerMessage}   (goal exactly 1: ${results.met.rendersPerMessage ? 'met' : 'MISSED'})
  wall time for ${RENDERS.messages} messages            @chat/react ${o.wallMs} ms   naive ${n.wallMs} ms   ${results.speedup}x faster (CPU ${results.cpuSpeedup}x; goal ≥ ${GOALS.speedup}x: ${results.met.speedup ? 'met' : 'MISSED'})
  burst of ${BURST.burst} into the open channel     @chat/react ${o.burstCommits} commits${o.burstComplete ? ', none missing' : ', MISSING'}   naive ${n.burstCommits} commits   (goal ≤ ${GOALS.burstCommits}: ${results.met.burst ? 'met' : 'MISSED'})
wrote ${file}`);
} finally {
  scenario.cleanup();
  closeDom();
}

// The headless figures of the same benchmark (their own process: they need --expose-gc).
if (process.env.BENCH_SKIP_STORE !== '1') {
  const store = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(new URL('store.mjs', import.meta.url))],
    {
      stdio: 'inherit',
    },
  );
  if (store.status !== 0) process.exit(store.status ?? 1);
}

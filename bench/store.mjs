#!/usr/bin/env node
// `node bench/store.mjs`: the headless store figures. (1) Cost of one update at 10,000 channels —
// a message event in a channel that is not open, until the new state is readable — against the naive
// design that copies the whole state on every change. (2) Heap held per message for 100,000 messages.
// Production build of @chat/react. Interleaved rounds, medians. Needs --expose-gc (re-runs itself with it).
// Knobs: BENCH_ROUNDS (3), BENCH_PROFILE=1 (writes bench/results/store-*.cpuprofile of the last round).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScenario } from './lib/build.mjs';
import { profilePhase } from './lib/profiler.mjs';
import { resultsDir, writeResults } from './lib/results.mjs';
import { envInt, machine, median, round } from './lib/stats.mjs';

if (typeof globalThis.gc !== 'function') {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--expose-gc', self, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}

const ROUNDS = envInt('BENCH_ROUNDS', 3);
const PROFILE = process.env.BENCH_PROFILE === '1';
const CHANNELS = 10_000;
const UPDATE = { channels: CHANNELS, messagesPerChannel: 5 };
// Updates per round, sized so that each variant runs for a comparable time.
// Long enough (~0.1 s) that one GC pause does not decide a round.
const UPDATES = { ours: 20000, 'ours-event': 20000, 'ours+row': 2000, naive: 100 };
const MEMORY = { channels: 1000, perChannel: 100 };
const GOALS = { usPerUpdate: 5, bytesPerMessage: 1024 };

const scenario = await buildScenario('scenario/storeScenario.mjs', { platform: 'node' });
try {
  const { updateCost, memory } = await import(scenario.url);
  const runs = { ours: [], 'ours-event': [], 'ours+row': [], naive: [] };
  // One warm-up of each (JIT), not counted.
  for (const impl of Object.keys(runs)) await updateCost(impl, { ...UPDATE, updates: 50, seed: 99 });
  for (let r = 0; r < ROUNDS; r++) {
    const order = Object.keys(runs);
    if (r % 2) order.reverse();
    for (const impl of order) {
      const last = PROFILE && r === ROUNDS - 1;
      const wrap = last
        ? (phase) => profilePhase(join(resultsDir, `store-${impl.replace('+', '-plus-')}.cpuprofile`), phase)
        : undefined;
      const result = await updateCost(impl, { ...UPDATE, updates: UPDATES[impl], seed: r + 1 }, wrap);
      runs[impl].push(result.usPerUpdate);
      console.error(`round ${r + 1}/${ROUNDS} ${impl.padEnd(10)} ${result.usPerUpdate.toFixed(1)} µs/update`);
    }
  }
  const mem = { ours: [], naive: [] };
  for (let r = 0; r < Math.min(ROUNDS, 2); r++) {
    for (const impl of r % 2 ? ['naive', 'ours'] : ['ours', 'naive']) {
      mem[impl].push((await memory(impl, MEMORY)).bytesPerMessage);
    }
  }
  const update = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, round(median(v), 2)]));
  const bytes = Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, Math.round(median(v))]));
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    rounds: ROUNDS,
    config: { update: { ...UPDATE, updates: UPDATES }, memory: MEMORY },
    goals: GOALS,
    updateCost: {
      usPerUpdate: update,
      runs,
      naiveOverOurs: round(update.naive / update.ours, 1),
      met: update.ours <= GOALS.usPerUpdate,
    },
    memory: {
      messages: MEMORY.channels * MEMORY.perChannel,
      bytesPerMessage: bytes,
      runs: mem,
      met: bytes.ours <= GOALS.bytesPerMessage,
    },
  };
  const file = writeResults('store', results);
  console.log(`
Store update at ${CHANNELS.toLocaleString('en')} channels (message in a channel that is not open → new state readable), medians of ${ROUNDS} rounds:
  @chat/react, getState() after each event         ${update.ours} µs  (goal ≤ ${GOALS.usPerUpdate} µs: ${results.updateCost.met ? 'met' : 'MISSED'})
  @chat/react, the event alone (no read)           ${update['ours-event']} µs
  @chat/react, + a row selector reads channels[name] ${update['ours+row']} µs
  naive store, copy of the whole state             ${update.naive} µs  (${results.updateCost.naiveOverOurs}x @chat/react)
Heap per message, ${results.memory.messages.toLocaleString('en')} messages: @chat/react ${bytes.ours} B, naive ${bytes.naive} B (goal ≤ ${GOALS.bytesPerMessage} B: ${results.memory.met ? 'met' : 'MISSED'})
wrote ${file}`);
} finally {
  scenario.cleanup();
}

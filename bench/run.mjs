#!/usr/bin/env node
// `pnpm bench`: runs every benchmark of the project, each in its own process, one after another
// (never two at once: they would measure each other), then writes BENCHMARKS.md at the repo root.
//   bundle  bench/bundle.mjs                       bundle sizes vs stream-chat-react and chatscope
//   react   bench/react.mjs (+ bench/store.mjs)    renders, wall time, burst, store update, memory
//   token   pnpm --filter @chat/server bench       token endpoint vs Koa+twilio and node:http
//   local   pnpm --filter @chat/local-server bench fan-out vs bare ws, connect + list 500 channels
//   twilio  bench/twilio.mjs                       connect + list 100 channels: real Twilio SDK vs local
//   bundleShare bench/experiments/bundleShare.mjs  where the store's bytes go (the bundle note's table)
// Every result lands in bench/results/NAME.json (committed: the packages' own results.json files are
// copied there), with run.json for the run itself; BENCHMARKS.md is generated from those files and
// bench/notes.md alone (lib/report.mjs), so `bench/__tests__/benchmarks.test.mjs` can check it.
// Options: --only=a,b  --skip=a,b  --quick (one short round each)  --report (rewrite BENCHMARKS.md
// from the committed results without running anything). Knobs are passed through: BENCH_ROUNDS, …
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './lib/build.mjs';
import { readAllResults, renderBenchmarks } from './lib/report.mjs';
import { resultsDir, writeResults } from './lib/results.mjs';
import { machine } from './lib/stats.mjs';

const root = join(benchDir, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const list = (name) =>
  args
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')[1]
    .split(',') ?? null;

// The pinned pnpm, through the repo's launcher (a fresh machine has no pnpm on PATH).
const pnpm = () => [process.execPath, join(root, 'scripts/pnpm.mjs')];

export const steps = [
  {
    id: 'bundle',
    command: () => [process.execPath, join(benchDir, 'bundle.mjs')],
    results: join(benchDir, 'results/bundle.json'),
  },
  {
    id: 'bundleShare',
    command: () => [process.execPath, join(benchDir, 'experiments/bundleShare.mjs')],
    results: join(benchDir, 'results/bundleShare.json'),
  },
  {
    id: 'react',
    command: () => [process.execPath, join(benchDir, 'react.mjs')],
    results: join(benchDir, 'results/react.json'),
    also: [join(benchDir, 'results/store.json')],
  },
  {
    id: 'token',
    command: () => [...pnpm(), '--filter', '@chat/server', 'run', 'bench'],
    results: join(root, 'packages/server/bench/results.json'),
    copyTo: join(benchDir, 'results/token.json'),
  },
  {
    id: 'local',
    command: () => [...pnpm(), '--filter', '@chat/local-server', 'run', 'bench'],
    results: join(root, 'packages/local-server/bench/results.json'),
    copyTo: join(benchDir, 'results/local.json'),
  },
  {
    id: 'twilio',
    command: () => [process.execPath, join(benchDir, 'twilio.mjs')],
    results: join(benchDir, 'results/twilio.json'),
  },
];

const only = list('only');
const skip = list('skip') ?? [];
const quick = flag('quick');
const env = { ...process.env };
if (quick) {
  env.BENCH_ROUNDS ??= '1';
  env.BENCH_SECONDS ??= '2';
  env.BENCH_MAX_MESSAGES ??= '2000';
}
// Keep the whole run near 5 minutes: 5 s load phases (the token bench's default; the local-server
// bench's paced phase defaults to 10 s) and 5,000 messages in the local-server max-throughput phase.
env.BENCH_SECONDS ??= '5';
env.BENCH_MAX_MESSAGES ??= '5000';

const startedAt = new Date();
const status = {};
const machineAtStart = machine();
if (!flag('report')) {
  for (const step of steps) {
    if ((only && !only.includes(step.id)) || skip.includes(step.id)) continue;
    const [cmd, ...rest] = step.command();
    console.log(
      `\n=== ${step.id}: ${[cmd === process.execPath ? 'node' : cmd, ...rest.map((a) => a.replace(`${root}/`, ''))].join(' ')}`,
    );
    const t0 = Date.now();
    const child = spawnSync(cmd, rest, { cwd: root, env, stdio: 'inherit' });
    const fresh = existsSync(step.results) && statSync(step.results).mtimeMs >= t0;
    if (fresh && step.copyTo) copyFileSync(step.results, step.copyTo);
    status[step.id] = {
      ran: true,
      ok: child.status === 0 && fresh,
      exitCode: child.status,
      seconds: Math.round((Date.now() - t0) / 1000),
    };
    if (!status[step.id].ok)
      console.error(`=== ${step.id} FAILED (exit ${child.status}${fresh ? '' : ', no fresh results'})`);
  }
  // The run itself: when, on what machine, which steps ran. Not rewritten by --report.
  writeResults('run', {
    command: `pnpm bench${args.length ? ` ${args.join(' ')}` : ''}`,
    startedAt: startedAt.toISOString(),
    seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    quick,
    machine: machineAtStart,
    status,
  });
}

if (flag('report')) {
  // A package benchmark run alone (`pnpm bench:token`, `pnpm bench:local`) wrote its own results.json.
  for (const step of steps) {
    if (!step.copyTo || !existsSync(step.results)) continue;
    if (!existsSync(step.copyTo) || statSync(step.results).mtimeMs > statSync(step.copyTo).mtimeMs)
      copyFileSync(step.results, step.copyTo);
  }
}
const markdown = renderBenchmarks(readAllResults(resultsDir));
writeFileSync(join(root, 'BENCHMARKS.md'), markdown);
console.log(`\nwrote BENCHMARKS.md (${Math.round((Date.now() - startedAt.getTime()) / 1000)} s)`);
if (Object.values(status).some((s) => !s.ok)) process.exitCode = 1;

#!/usr/bin/env node
// docs/RELIABILITY.md's figures, generated from the faults project's results. `npm run test:faults`
// (testFaults.mjs) runs this after the tests: it copies the results the run wrote (results/NAME.json, git-ignored) to
// figures/NAME.json (committed), then rewrites every block of the doc between
//   <!-- generated:NAME ... -->  and  <!-- end generated:NAME -->
// from those files alone. Prose outside the blocks explains in words; `src/quick/docFigures.test.ts`
// fails when a block differs from what this makes of the committed figures, or when the Load
// section's prose states a number by hand.
//   node src/report/reliabilityDoc.mjs            (from tests/reliability)
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const packageDir = resolve(here, '../..');
export const resultsDir = join(packageDir, 'results');
export const figuresDir = join(packageDir, 'figures');
export const docPath = resolve(packageDir, '../../docs/RELIABILITY.md');
/** The faults project's tests whose figures the doc prints. */
export const FIGURE_NAMES = ['kill', 'flaps', 'tokens', 'tabs', 'load'];

/** Each test's committed figures (null where a test never recorded any). */
export function readFigures(dir = figuresDir) {
  return Object.fromEntries(
    FIGURE_NAMES.map((name) => {
      const file = join(dir, `${name}.json`);
      return [name, existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null];
    }),
  );
}

const num = (n) => Math.round(n).toLocaleString('en');
const one = (n) => (Math.round(n * 10) / 10).toLocaleString('en');
const seconds = (ms) => `${one(ms / 1000)} s`;
const when = (r) =>
  `${r.finishedAt.slice(0, 10)}, load ${r.machineAtEnd ? `${r.machineAtEnd.loadAverage1m} on ${r.machineAtEnd.cpus} CPUs` : 'not recorded'}`;
const lost = (r) => `**lost ${num(r.lost)}, duplicated ${num(r.duplicated)}**`;

function faultsBlock(f) {
  const row = (label, file, r, text) =>
    `| ${label} \`faults/${file}\` | ${r ? when(r) : '—'} | ${r ? text(r) : 'no figures recorded yet: run `npm run test:faults`'} |`;
  return [
    '| test | last run (date; one-minute load average at the end) | figures |',
    '|---|---|---|',
    row(
      '**Kill**',
      'kill.test.ts',
      f.kill,
      (r) =>
        `${num(r.kills)} kills, ${num(r.serverStarts)} starts, ${num(r.messages)} messages, ${num(r.pendingAtKill)} pending or in flight at the kills, ${num(r.failedThenRetried)} failed then retried, ${num(r.markReads)} reads, ${num(r.edits)} edits, ${num(r.deletions)} deletions; ${lost(r)}; took ${seconds(r.durationMs)}`,
    ),
    row(
      '**Flaps**',
      'flaps.test.ts',
      f.flaps,
      (r) =>
        `${num(r.flaps)} flaps (${num(r.drops)} drops, ${num(r.stalls)} stalls), ${num(r.connectionsCut)} connections cut, ${num(r.messages)} messages, ${num(r.failedThenRetried)} failed then retried, ${num(r.markReads)} reads, ${num(r.edits)} edits, ${num(r.deletions)} deletions; ${lost(r)}; took ${seconds(r.durationMs)}`,
    ),
    row(
      '**Token lifecycle**',
      'tokens.test.ts',
      f.tokens,
      (r) =>
        `${num(r.refreshes)} refreshes (${num(r.getTokenCalls)} \`getToken\` calls), at most **${num(r.maxConcurrentGetToken)}** call in flight, **${num(r.statesAfterConnect)} states but \`connected\`** after the first connect, ${num(r.messages)} messages; ${lost(r)}; tokens lived ${seconds(r.ttlMs)}, refreshed ${seconds(r.marginMs)} before expiry; took ${seconds(r.durationMs)}`,
    ),
    row(
      '**Many tabs**',
      'tabs.test.ts',
      f.tabs,
      (r) =>
        `${num(r.tabs)} tabs, ${num(r.rounds)} rounds, ${num(r.messages)} messages, ${num(r.markReads)} reads, every step converged; ${lost(r)}`,
    ),
  ].join('\n');
}

function loadBlock(f) {
  const r = f.load;
  if (!r) return 'No figures recorded yet: run `npm run test:faults`.';
  const l = r.latencyMs;
  const h = r.heapMB;
  const start = r.machineAtStart;
  const end = r.machineAtEnd;
  return [
    `Last run: ${r.finishedAt}. Machine: ${end?.cpus ?? '?'} CPUs, one-minute load average ${start ? start.loadAverage1m : '?'} at the start of the traffic → ${end ? end.loadAverage1m : '?'} at the end; the latency below is only as quiet as that load.`,
    '',
    '| figure | last run |',
    '|---|---|',
    `| users (raw WebSocket clients) / group channels / memberships | ${num(r.users)} / ${num(r.channels)} / ${num(r.memberships)} (~${one(r.memberships / r.channels)} members each) |`,
    `| traffic | ${num(r.ratePerSecond)} msg/s for ${num(r.seconds)} s${r.warmupSeconds === undefined ? '' : `, the first ${num(r.warmupSeconds)} s warm-up`} |`,
    `| messages sent / acknowledged / stored | ${num(r.sent)} / ${num(r.acked)} / ${num(r.stored)} (${num(r.storedTwice)} stored twice) |`,
    `| throughput | ${one(r.throughputPerSecond)} msg/s; ${num(r.deliveriesPerSecond)} deliveries/s |`,
    `| deliveries (each member gets each message of its channels) | ${num(r.deliveries)} of ${num(r.expectedDeliveries)}: **lost ${num(r.lostDeliveries)}, duplicated ${num(r.duplicateDeliveries)}**, ${num(r.gaps)} gaps in members' index sequences |`,
    `| end-to-end latency (send → each member's \`messageAdded\`), reported, not asserted | **p50 ${l.p50} ms, p95 ${l.p95 ?? '?'} ms, p99 ${l.p99} ms**, max ${num(l.max)} ms (load ${start ? start.loadAverage1m : '?'} → ${end ? end.loadAverage1m : '?'} on ${end?.cpus ?? '?'} CPUs) |`,
    `| errors | ${num(r.errors)} seen by the load generator, ${num(r.serverErrors)} server errors logged |`,
    `| server heap after GC: after warm-up → half-way → end | ${h.serverAfterWarmup} → ${h.serverHalfWay} → ${h.serverAtEnd} MB |`,
    `| store process heap after GC: after warm-up → half-way → end | ${h.storeProcessAfterWarmup} → ${h.storeProcessHalfWay} → ${h.storeProcessAtEnd} MB |`,
    `| the store's unread counts (${num(r.observerUnread)} unread at the end) | equal the server's read horizons (asserted) |`,
  ].join('\n');
}

/** Every generated block's text, by name. */
export function renderBlocks(figures) {
  return { faults: faultsBlock(figures), load: loadBlock(figures) };
}

const BLOCK = /(<!-- generated:(\w+)[^\n]*-->\n)(?:[\s\S]*?\n)?(<!-- end generated:\2 -->)/g;

/** The doc with every generated block replaced; a block with no renderer, or a renderer with no block, throws. */
export function applyBlocks(doc, blocks) {
  const seen = new Set();
  const out = doc.replace(BLOCK, (_, open, name, close) => {
    if (!(name in blocks))
      throw new Error(`docs/RELIABILITY.md: block generated:${name} has no generator; remove it or add one.`);
    seen.add(name);
    return `${open}${blocks[name]}\n${close}`;
  });
  for (const name of Object.keys(blocks))
    if (!seen.has(name))
      throw new Error(
        `docs/RELIABILITY.md: no <!-- generated:${name} --> … <!-- end generated:${name} --> block; put the markers back.`,
      );
  return out;
}

/** A `## ` section of the doc (heading to the next one) with its generated blocks taken out. */
export function proseOfSection(doc, heading) {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/RELIABILITY.md: no "## ${heading}" section.`);
  const next = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, next < 0 ? undefined : next).replace(BLOCK, '');
}

/** Lines stating a number by hand: a digit outside code spans and HTML comments. */
export function handTypedFigures(text) {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .split('\n')
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter(({ text }) => /\d/.test(text.replace(/`[^`]*`/g, '').replace(/\]\([^)]*\)/g, ']')));
}

/** Copies this run's results to figures/ (those newer than the committed copy) and rewrites the doc. */
export function writeReliabilityDoc() {
  mkdirSync(figuresDir, { recursive: true });
  const copied = [];
  for (const name of FIGURE_NAMES) {
    const from = join(resultsDir, `${name}.json`);
    const to = join(figuresDir, `${name}.json`);
    if (!existsSync(from)) continue;
    if (existsSync(to) && statSync(from).mtimeMs <= statSync(to).mtimeMs) continue;
    copyFileSync(from, to);
    copied.push(name);
  }
  const doc = readFileSync(docPath, 'utf8');
  writeFileSync(docPath, applyBlocks(doc, renderBlocks(readFigures())));
  return copied;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const copied = writeReliabilityDoc();
  console.log(
    `docs/RELIABILITY.md: figures regenerated${copied.length ? ` (new results: ${copied.join(', ')})` : ' (no new results)'}`,
  );
}

// Turns the results of every benchmark into BENCHMARKS.md: one table of figures (this project, the
// alternative measured in the same run, the ratio, the goal, met or not, the machine's load while it
// was measured), the sources, and bench/notes.md with its placeholders filled.
//
// BENCHMARKS.md is a pure function of bench/results/*.json and bench/notes.md: nothing in it is typed
// by hand. A note that needs a number names it, `{{store.update.ours}}`, and the figure comes from
// `figures()` below; an unknown name is an error. `handTypedFigures()` finds digits in the notes outside
// placeholders and code, and bench/__tests__/benchmarks.test.mjs fails on any (and on a BENCHMARKS.md
// that differs from what this file makes of the committed results).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './build.mjs';

export const notesFile = join(benchDir, 'notes.md');
/** The result files BENCHMARKS.md is made of, in bench/results/. */
export const RESULT_NAMES = ['run', 'bundle', 'bundleShare', 'react', 'store', 'token', 'local', 'twilio'];

/** Every result file in `dir` (null where one is missing). */
export function readAllResults(dir) {
  return Object.fromEntries(
    RESULT_NAMES.map((name) => {
      const file = join(dir, `${name}.json`);
      return [name, existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null];
    }),
  );
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
const ms = (value, digits = 1) => `${value.toFixed(digits)} ms`;
const us = (value, digits = 1) => `${value.toFixed(digits)} µs`;
const x = (value, digits = 1) => `${value.toFixed(digits)}x`;
const met = (ok) => (ok ? '**met**' : '**missed**');
const num = (n) => Math.round(n).toLocaleString('en');
const cpu = (s) =>
  s.serverCpuMicrosPerMessage === undefined
    ? ''
    : `; server CPU ${num(s.serverCpuMicrosPerMessage)} µs/message`;
const load1 = (value) => (typeof value === 'number' ? value.toFixed(1) : '?');

/**
 * The machine's one-minute load average while a benchmark measured (at the start of its process →
 * when it wrote its results) and its CPU count: printed beside every figure that needs a quiet machine.
 */
function loadOf(result) {
  if (!result) return '—';
  const m = result.machine;
  const [start, end, cores] = m
    ? [m.loadAverageAtStart?.[0], m.loadAverage?.[0], m.cores]
    : [result.loadAverageAtStart, result.loadAverageAtEnd ?? result.loadAverage?.[0], result.cpus];
  return `${start === undefined ? '' : `${load1(start)} → `}${load1(end)} on ${cores} cores`;
}

/**
 * The named figures the notes may use as `{{name}}`, each formatted with its unit. Names of results
 * that are missing are absent (a note using one then fails to render).
 */
export function figures({ bundle, bundleShare, react, store, twilio, run }) {
  const f = {};
  if (run) {
    f['run.seconds'] = num(run.seconds);
    f['run.minutes'] = num(Math.max(1, run.seconds / 60));
  }
  if (react) {
    const c = react.config;
    f['react.renders.channels'] = num(c.renders.channels);
    f['react.renders.messagesPerChannel'] = num(c.renders.messagesPerChannel);
    f['react.renders.messages'] = num(c.renders.messages);
    f['react.renders.otherRows'] = num(c.renders.channels + 1);
    f['react.burst.messages'] = num(c.burst.burst);
    f['react.burst.total'] = num(c.burst.messagesPerChannel + c.burst.burst);
    f['react.speedup'] = x(react.speedup);
    f['react.cpuSpeedup'] = x(react.cpuSpeedup);
    f['react.goal.speedup'] = `${react.goals.speedup}x`;
    f['react.status.speedup'] = react.met.speedup ? 'met' : 'missed';
    f['react.load'] = loadOf(react);
  }
  if (store) {
    const u = store.updateCost.usPerUpdate;
    f['store.update.channels'] = num(store.config.update.channels);
    f['store.update.messagesPerChannel'] = num(store.config.update.messagesPerChannel);
    f['store.update.updates'] = num(store.config.update.updates.ours);
    f['store.update.ours'] = us(u.ours);
    f['store.update.event'] = us(u['ours-event']);
    f['store.update.row'] = us(u['ours+row']);
    f['store.update.naive'] = us(u.naive, 0);
    f['store.goal.update'] = us(store.goals.usPerUpdate, 0);
    f['store.status.update'] = store.updateCost.met ? 'met' : 'missed';
    f['store.memory.channels'] = num(store.config.memory.channels);
    f['store.memory.perChannel'] = num(store.config.memory.perChannel);
    f['store.memory.messages'] = num(store.memory.messages);
    f['store.load'] = loadOf(store);
  }
  if (bundle) {
    f['bundle.entry'] = kb(bundle.sizes.main.initial.gz);
    f['bundle.store'] = kb(bundle.sizes.main.gz);
    f['bundle.budget'] = kb(bundle.budgetBytes);
    f['bundle.ceiling'] = kb(bundle.ceilingBytes);
    f['bundle.status.budget'] = bundle.met.budget ? 'met' : 'missed';
    f['bundle.status.ceiling'] = bundle.met.ceiling ? 'under its ceiling' : 'over its ceiling';
  }
  if (bundleShare) {
    f['bundleShare.shipped.gz'] = kb(bundleShare.shipped.gz);
    f['bundleShare.squeezed.min'] = kb(bundleShare.squeezed.min);
    f['bundleShare.squeezed.gz'] = kb(bundleShare.squeezed.gz);
    if (bundle) f['bundleShare.squeezedOverBudget'] = x(bundleShare.squeezed.gz / bundle.budgetBytes);
    f['bundleShare.table'] = [
      '| behaviour (files) | KB minified | share of the gzip |',
      '|---|---:|---:|',
      ...bundleShare.groups.map((g) => `| ${g.label} | ${(g.min / 1024).toFixed(2)} | ${kb(g.gzShare)} |`),
    ].join('\n');
  }
  if (twilio) {
    f['twilio.channels'] = num(twilio.config.channels);
    f['twilio.messagesPerChannel'] = num(twilio.config.messagesPerChannel);
    f['twilio.sdk'] = twilio.config.sdk;
  }
  return f;
}

/** One table row per figure; a missing result becomes a row that says so. */
function rows({ bundle, react, store, token, local, twilio }) {
  const out = [];
  const missing = (figure, source) =>
    out.push([figure, `not measured (${source} did not run)`, '', '', '', '—', '']);

  if (react) {
    const { ours, naive } = react.summary;
    out.push([
      `component renders per message in a non-open channel (${num(react.config.renders.channels)} channels × ${react.config.renders.messagesPerChannel} messages)`,
      String(ours.rendersPerMessage),
      `naive single Context: ${naive.rendersPerMessage}`,
      x(naive.rendersPerMessage / ours.rendersPerMessage, 0),
      `exactly ${react.goals.rendersPerMessage}`,
      met(react.met.rendersPerMessage),
      '— (a count)',
    ]);
    out.push([
      `wall time for ${react.config.renders.messages} such messages, each awaited until committed, production build`,
      ms(ours.wallMs, 0),
      `naive: ${ms(naive.wallMs, 0)}`,
      `${x(react.speedup)} faster (CPU time ${x(react.cpuSpeedup)})`,
      `≥ ${react.goals.speedup}x faster`,
      met(react.met.speedup),
      loadOf(react),
    ]);
  } else {
    missing('component renders per message', 'bench/react.mjs');
    missing('wall time of the render benchmark', 'bench/react.mjs');
  }
  if (store) {
    const u = store.updateCost.usPerUpdate;
    out.push([
      `store update at ${num(store.config.update.channels)} channels (message event → new state readable with getState())`,
      us(u.ours),
      `copying the whole state: ${us(u.naive, 0)}`,
      `${x(store.updateCost.naiveOverOurs, 0)} less`,
      `≤ ${us(store.goals.usPerUpdate, 0)} per update`,
      met(store.updateCost.met),
      loadOf(store),
    ]);
    if (u['ours-event'] !== undefined) {
      out.push([
        '… the event alone, no read (each event of a burst: reads happen once per notification batch) (information)',
        us(u['ours-event']),
        '',
        '',
        '—',
        'see notes',
        loadOf(store),
      ]);
    }
    out.push([
      '… the same, plus a row selector reading `channels[name]` after every update (information)',
      us(u['ours+row'], 0),
      `copying the whole state: ${us(u.naive, 0)}`,
      `${x(u.naive / u['ours+row'])} less`,
      '—',
      'see notes',
      loadOf(store),
    ]);
  } else missing('store update', 'bench/store.mjs');
  if (react) {
    const { ours, naive } = react.summary;
    out.push([
      `burst of ${num(react.config.burst.burst)} messages into the open channel (one per macrotask)`,
      `${ours.burstCommits} React commits, ${ours.burstComplete ? 'none missing, in order' : 'MESSAGES MISSING'}`,
      `naive (setState per message): ${naive.burstCommits} commits`,
      x(naive.burstCommits / Math.max(1, ours.burstCommits), 0),
      `≤ ${react.goals.burstCommits} commits, no message missing`,
      met(react.met.burst),
      loadOf(react),
    ]);
  } else missing('burst into the open channel', 'bench/react.mjs');
  if (bundle) {
    const s = bundle.sizes;
    out.push([
      "**bundle budget**: what `import '@chat/react'` loads (entry + React binding, its static imports), min+gz, no React, no SDK",
      kb(s.main.initial.gz),
      '',
      '',
      `≤ ${kb(bundle.budgetBytes)}`,
      met(bundle.met.budget),
      '— (deterministic)',
    ]);
    out.push([
      '… the whole store with its lazy engine (all it loads before the chat works; not the default Twilio backend, nor an SDK)',
      kb(s.main.gz),
      `stream-chat-react \`{ Chat }\`: ${kb(s.streamChatReact.gz)}; chatscope UI kit: ${kb(s.chatscope.gz)}`,
      `${x(bundle.ratios.streamChatReactOverMain, 0)} / ${x(bundle.ratios.chatscopeOverMain)} smaller`,
      `ceiling ${kb(bundle.ceilingBytes)} (a regression gate, not a goal)`,
      bundle.met.ceiling ? 'under the ceiling' : '**over the ceiling**',
      '— (deterministic)',
    ]);
    const onFirstUse = s.main.lazy.filter((c) => c.kind === 'onFirstUse');
    if (onFirstUse.length > 0) {
      out.push([
        "… the store's chunks loaded on first use (creating and managing channels, fixing messages, the catch-up of offline edits), each",
        onFirstUse.map((c) => kb(c.gz)).join(' + '),
        '',
        '',
        'reported',
        '—',
        '— (deterministic)',
      ]);
    }
    for (const id of [
      'local',
      'twilioConversations',
      'twilioChat',
      'twilioConversationsSdk',
      'twilioChatSdk',
    ]) {
      out.push([`… ${s[id].label}, standalone`, kb(s[id].gz), '', '', 'reported', '—', '— (deterministic)']);
    }
  } else missing('bundle size', 'bench/bundle.mjs');
  if (local) {
    const l = local.listChannels;
    out.push([
      `connect + list ${l.channels} channels with unread counts, local backend (wire client)`,
      `median ${ms(l.median)}, p95 ${ms(l.p95)}`,
      '—',
      '',
      '≤ 300 ms',
      met(l.median <= 300),
      loadOf(local),
    ]);
  } else missing('connect + list channels, local backend', 'the local-server bench');
  if (twilio) {
    const { twilio: t, local: l } = twilio.summary;
    out.push([
      `connect + list ${twilio.config.channels} conversations with unread counts, real \`@twilio/conversations\` through \`twilioConversations()\` on the local Twilio emulator (information: what a Twilio app pays in the client)`,
      `median ${ms(t.wallMs, 0)}, client CPU ${ms(t.cpuMs, 0)}`,
      `\`localBackend()\`, same server and data: ${ms(l.wallMs)}, client CPU ${ms(l.cpuMs)}`,
      `${x(twilio.ratios.wall, 0)} the wall time`,
      '— (information)',
      'see notes',
      loadOf(twilio),
    ]);
  } else missing('connect + list conversations on the Twilio SDK', 'bench/twilio.mjs');
  if (token) {
    const { seed, ours, raw } = token.servers;
    out.push([
      `token endpoint req/s, autocannon ${token.connections} connections`,
      `${num(ours.rps)} req/s`,
      `Koa + twilio AccessToken: ${num(seed.rps)}; node:http + node:crypto: ${num(raw.rps)}`,
      `${x(token.ratios.oursOverSeed, 2)} / ${x(token.ratios.oursOverRaw, 2)}${
        token.cpuRatios
          ? ` (by server CPU per request: ${x(token.cpuRatios.oursOverSeed, 2)} / ${x(token.cpuRatios.oursOverRaw, 2)})`
          : ''
      }`,
      `≥ ${token.goals.oursOverSeed}x the first (the second: information)`,
      met(token.met.oursOverSeed),
      loadOf(token),
    ]);
    out.push([
      'token endpoint p99 latency',
      ms(ours.p99Ms, 0),
      `Koa + twilio: ${ms(seed.p99Ms, 0)}; node:http: ${ms(raw.p99Ms, 0)}`,
      '',
      `≤ ${token.goals.p99Ms} ms`,
      met(token.met.p99),
      loadOf(token),
    ]);
  } else missing('token endpoint', 'the server bench');
  if (local) {
    const { local: l, bare: b } = local.summary;
    const c = local.config;
    out.push([
      `local server fan-out, ${c.clients} clients, ${num(c.rate)} msg/s for ${c.seconds} s, SQLite on: latency`,
      `p50 ${ms(l.p50)}, p99 ${ms(l.p99)}${l.allDelivered ? '' : ' (NOT ALL DELIVERED)'}${cpu(l)}`,
      `bare \`ws\`, no persistence: p50 ${ms(b.p50)}, p99 ${ms(b.p99)}${cpu(b)}`,
      '',
      'p50 ≤ 3 ms, p99 ≤ 30 ms',
      met(l.p50 <= 3 && l.p99 <= 30 && l.allDelivered),
      loadOf(local),
    ]);
    out.push([
      'local server fan-out: max throughput (messages/s into the channel)',
      `${num(l.maxMessagesPerSecond)} msg/s`,
      `bare \`ws\`: ${num(b.maxMessagesPerSecond)} msg/s`,
      x(local.summary.throughputRatio, 2),
      '≥ 0.5x bare',
      met(local.summary.throughputRatio >= 0.5),
      loadOf(local),
    ]);
  } else missing('local server fan-out', 'the local-server bench');
  if (store) {
    const b = store.memory.bytesPerMessage;
    out.push([
      `headless store memory for ${num(store.memory.messages)} messages (heap diff after full GC)`,
      `${num(b.ours)} B/message`,
      `naive state (information): ${num(b.naive)} B/message`,
      '',
      `≤ ${num(store.goals.bytesPerMessage)} B`,
      met(store.memory.met),
      '— (a heap size)',
    ]);
  } else missing('headless store memory', 'bench/store.mjs');
  return out;
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** The notes with every `{{name}}` replaced by its figure; an unknown name throws. */
export function fillPlaceholders(template, named, where = 'bench/notes.md') {
  return template.replace(PLACEHOLDER, (_, name) => {
    if (!(name in named))
      throw new Error(
        `${where}: {{${name}}} is no figure of the results; use one of ${Object.keys(named).join(', ')}, or run the benchmark that makes it.`,
      );
    return named[name];
  });
}

/**
 * Lines of a notes template that state a number by hand: a digit left once placeholders, code spans
 * (file names, options, expressions), code blocks and link targets are taken out. A code span that is
 * nothing but a figure (`3.4 µs`) still counts.
 */
export function handTypedFigures(template) {
  const found = [];
  let inBlock = false;
  template.split('\n').forEach((line, i) => {
    if (/^\s*```/.test(line)) {
      inBlock = !inBlock;
      return;
    }
    if (inBlock) return;
    const prose = line
      .replace(PLACEHOLDER, '')
      .replace(/`([^`]*)`/g, (_span, inner) =>
        /^\s*[~≈]?\s*[\d.,]+\s*(µs|ms|s|KB|MB|B|x|%)?\s*$/.test(inner) ? inner : '',
      )
      .replace(/\]\([^)]*\)/g, ']');
    if (/\d/.test(prose)) found.push({ line: i + 1, text: line.trim() });
  });
  return found;
}

/** The BENCHMARKS.md text, made from the results and the notes template alone. */
export function renderBenchmarks(results, notesTemplate = readFileSync(notesFile, 'utf8')) {
  const { run } = results;
  const table = [
    '| figure | this project | alternative, same run | ratio | goal | | machine load (1 min, start → end) |',
    '|---|---|---|---|---|---|---|',
    ...rows(results).map((r) => `| ${r.join(' | ')} |`),
  ];
  const sources = [
    ['bundle', 'bench/bundle.mjs', results.bundle, null],
    ['bundleShare', 'bench/experiments/bundleShare.mjs', results.bundleShare, null],
    ['react', 'bench/react.mjs', results.react, results.react?.rounds],
    ['store', 'bench/store.mjs', results.store, results.store?.rounds],
    ['token', 'packages/server/bench/token.mjs', results.token, results.token?.rounds],
    ['local', 'packages/local-server/bench/run.mjs', results.local, results.local?.config?.rounds],
    ['twilio', 'bench/twilio.mjs', results.twilio, results.twilio?.rounds],
  ].map(([id, file, r, rounds]) => {
    const s = run?.status?.[id === 'store' ? 'react' : id];
    const ran = s
      ? s.ok
        ? `ran in this run (${s.seconds} s)`
        : `FAILED in this run (exit ${s.exitCode})`
      : 'not run by this command: earlier results';
    return `| ${id} | \`${file}\` | ${r ? r.date : '—'} | ${rounds ?? '—'} | ${ran} |`;
  });
  const m = run?.machine;
  // HTML comments in the template are notes to its editors, not part of the report.
  const template = notesTemplate.replace(/<!--[\s\S]*?-->\n*/g, '').trim();
  const notes = fillPlaceholders(template, figures(results));
  return `# Benchmarks

Generated by \`${run?.command ?? 'pnpm bench --report'}\` started ${run?.startedAt ?? '(no run recorded)'}${run?.quick ? ' (**--quick**: one short round each, for smoke tests only)' : ''}, from \`bench/results/*.json\` and \`bench/notes.md\`.
Do not edit by hand: run \`pnpm bench\` (that run took ${run ? `${num(run.seconds)} s` : '?'}) and commit this file with \`bench/results/\`.

Machine: ${m ? `${m.cores} cores (${m.cpu}), Node ${m.node}, ${m.platform}; load average at start ${m.loadAverage.join(' / ')}` : 'unknown'}.
The machine is shared and noisy: every benchmark runs several interleaved rounds (alternative and
this project back to back, the order alternating) and reports medians; ratios are medians of the
per-round ratios or ratios of medians of interleaved runs. Each figure that needs a quiet machine
has the one-minute load average beside it, from when its benchmark started to when it wrote its
results, and the machine's CPU count.

${table.join('\n')}

## Sources

| benchmark | script | results from | rounds | |
|---|---|---|---|---|
${sources.join('\n')}

Each benchmark also runs alone: \`pnpm bench:react\`, \`pnpm bench:store\`, \`pnpm bench:bundle\`,
\`pnpm bench:token\`, \`pnpm bench:local\`, \`pnpm bench:twilio\`; then \`pnpm bench -- --report\`
rewrites this file from the results (it copies the token and local results into \`bench/results/\`).
\`pnpm bench -- --quick\` is a one-round smoke run.

${notes}
`;
}

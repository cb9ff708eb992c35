// Turns the results of every benchmark into BENCHMARKS.md: one table of figures (this project, the
// alternative measured in the same run, the ratio, the goal, met or not), the machine, and notes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './build.mjs';

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
const ms = (value, digits = 1) => `${value.toFixed(digits)} ms`;
const x = (value, digits = 1) => `${value.toFixed(digits)}x`;
const met = (ok) => (ok ? '**met**' : '**missed**');
const num = (n) => Math.round(n).toLocaleString('en');
const cpu = (s) =>
  s.serverCpuMicrosPerMessage === undefined
    ? ''
    : `; server CPU ${num(s.serverCpuMicrosPerMessage)} µs/message`;

/** One table row per figure; a missing result becomes a row that says so. */
function rows({ bundle, react, store, token, local, twilio }) {
  const out = [];
  const missing = (figure, goal, source) =>
    out.push([figure, `not measured (${source} did not run)`, '', '', goal, '—']);

  if (react) {
    const { ours, naive } = react.summary;
    out.push([
      `component renders per message in a non-open channel (${react.config.renders.channels} channels × ${react.config.renders.messagesPerChannel} messages)`,
      String(ours.rendersPerMessage),
      `naive single Context: ${naive.rendersPerMessage}`,
      x(naive.rendersPerMessage / ours.rendersPerMessage, 0),
      'exactly 1 (naive ≈ 1,002)',
      met(react.met.rendersPerMessage),
    ]);
    out.push([
      `wall time for ${react.config.renders.messages} such messages, each awaited until committed, production build`,
      ms(ours.wallMs, 0),
      `naive: ${ms(naive.wallMs, 0)}`,
      `${x(react.speedup)} faster (CPU time ${x(react.cpuSpeedup)})`,
      '≥ 5x faster',
      met(react.met.speedup),
    ]);
  } else {
    missing('component renders per message', 'exactly 1', 'bench/react.mjs');
    missing('wall time for 200 messages', '≥ 5x faster', 'bench/react.mjs');
  }
  if (store) {
    const u = store.updateCost.usPerUpdate;
    out.push([
      `store update at ${num(store.config.update.channels)} channels (message event → new state readable with getState())`,
      `${u.ours.toFixed(1)} µs`,
      `copying the whole state: ${u.naive.toFixed(0)} µs`,
      `${x(store.updateCost.naiveOverOurs, 0)} less`,
      '≤ 5 µs per update',
      met(store.updateCost.met),
    ]);
    if (u['ours-event'] !== undefined) {
      out.push([
        '… the event alone, no read (each event of a burst: reads happen once per notification batch) (information)',
        `${u['ours-event'].toFixed(1)} µs`,
        '',
        '',
        '—',
        'see notes',
      ]);
    }
    out.push([
      '… the same, plus a row selector reading `channels[name]` after every update (information)',
      `${u['ours+row'].toFixed(0)} µs`,
      `copying the whole state: ${u.naive.toFixed(0)} µs`,
      `${x(u.naive / u['ours+row'])} less`,
      '—',
      'see notes',
    ]);
  } else missing('store update at 10,000 channels', '≤ 5 µs', 'bench/store.mjs');
  if (react) {
    const { ours, naive } = react.summary;
    out.push([
      `burst of ${num(react.config.burst.burst)} messages into the open channel (one per macrotask)`,
      `${ours.burstCommits} React commits, ${ours.burstComplete ? 'none missing, in order' : 'MESSAGES MISSING'}`,
      `naive (setState per message): ${naive.burstCommits} commits`,
      x(naive.burstCommits / Math.max(1, ours.burstCommits), 0),
      '≤ 10 commits, no message missing',
      met(react.met.burst),
    ]);
  } else missing('burst of 1,000 messages', '≤ 10 commits', 'bench/react.mjs');
  if (bundle) {
    const s = bundle.sizes;
    out.push([
      '`@chat/react` main entry + React binding, min+gz, no React, no SDK (all it loads to work, lazy store chunk included)',
      `${kb(s.main.gz)} (initial chunk ${kb(s.main.initial.gz)})`,
      `stream-chat-react \`{ Chat }\`: ${kb(s.streamChatReact.gz)}; chatscope UI kit: ${kb(s.chatscope.gz)}`,
      `${x(bundle.ratios.streamChatReactOverMain, 0)} / ${x(bundle.ratios.chatscopeOverMain)} smaller`,
      '≤ 5 KB',
      met(bundle.met),
    ]);
    for (const id of [
      'local',
      'twilioConversations',
      'twilioChat',
      'twilioConversationsSdk',
      'twilioChatSdk',
    ]) {
      out.push([`… ${s[id].label}, standalone`, kb(s[id].gz), '', '', 'reported', '—']);
    }
  } else missing('bundle size', '≤ 5 KB', 'bench/bundle.mjs');
  if (local) {
    const l = local.listChannels;
    out.push([
      `connect + list ${l.channels} channels with unread counts, local backend (wire client)`,
      `median ${ms(l.median)}, p95 ${ms(l.p95)}`,
      '—',
      '',
      '≤ 300 ms',
      met(l.median <= 300),
    ]);
  } else missing('connect + list 500 channels', '≤ 300 ms', 'the local-server bench');
  if (twilio) {
    const { twilio: t, local: l } = twilio.summary;
    out.push([
      `connect + list ${twilio.config.channels} conversations with unread counts, real \`@twilio/conversations\` through \`twilioConversations()\` on the local Twilio emulator (information: what a Twilio app pays in the client)`,
      `median ${ms(t.wallMs, 0)}, client CPU ${ms(t.cpuMs, 0)}`,
      `\`localBackend()\`, same server and data: ${ms(l.wallMs)}, client CPU ${ms(l.cpuMs)}`,
      `${x(twilio.ratios.wall, 0)} the wall time`,
      '— (information)',
      'see notes',
    ]);
  } else missing('connect + list 100 conversations on the Twilio SDK', '— (information)', 'bench/twilio.mjs');
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
    ]);
    out.push([
      'token endpoint p99 latency',
      ms(ours.p99Ms, 0),
      `Koa + twilio: ${ms(seed.p99Ms, 0)}; node:http: ${ms(raw.p99Ms, 0)}`,
      '',
      `≤ ${token.goals.p99Ms} ms`,
      met(token.met.p99),
    ]);
  } else missing('token endpoint', '≥ 5x the seed, p99 ≤ 15 ms', 'the server bench');
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
    ]);
    out.push([
      'local server fan-out: max throughput (messages/s into the channel)',
      `${num(l.maxMessagesPerSecond)} msg/s`,
      `bare \`ws\`: ${num(b.maxMessagesPerSecond)} msg/s`,
      x(local.summary.throughputRatio, 2),
      '≥ 0.5x bare',
      met(local.summary.throughputRatio >= 0.5),
    ]);
  } else missing('local server fan-out', 'p50 ≤ 3 ms, p99 ≤ 30 ms', 'the local-server bench');
  if (store) {
    const b = store.memory.bytesPerMessage;
    out.push([
      `headless store memory for ${num(store.memory.messages)} messages (heap diff after full GC)`,
      `${num(b.ours)} B/message`,
      `naive state (information): ${num(b.naive)} B/message`,
      '',
      '≤ 1 KB',
      met(store.memory.met),
    ]);
  } else missing('headless store memory', '≤ 1 KB', 'bench/store.mjs');
  return out;
}

/** The BENCHMARKS.md text. */
export function writeReport({ results, status, machine, startedAt, command, quick }) {
  const table = [
    '| figure | this project | alternative, same run | ratio | goal | |',
    '|---|---|---|---|---|---|',
    ...rows(results).map((r) => `| ${r.join(' | ')} |`),
  ];
  const sources = [
    ['bundle', 'bench/bundle.mjs', results.bundle, null],
    ['react', 'bench/react.mjs', results.react, results.react?.rounds],
    ['store', 'bench/store.mjs', results.store, results.store?.rounds],
    ['token', 'packages/server/bench/token.mjs', results.token, results.token?.rounds],
    ['local', 'packages/local-server/bench/run.mjs', results.local, results.local?.config?.rounds],
    ['twilio', 'bench/twilio.mjs', results.twilio, results.twilio?.rounds],
  ].map(([id, file, r, rounds]) => {
    const s = status[id === 'store' ? 'react' : id];
    const ran = s
      ? s.ok
        ? `ran in this run (${s.seconds} s)`
        : `FAILED in this run (exit ${s.exitCode})`
      : 'not run by this command: earlier results';
    return `| ${id} | \`${file}\` | ${r ? r.date : '—'} | ${rounds ?? '—'} | ${ran} |`;
  });
  const notesFile = join(benchDir, 'notes.md');
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8').trim() : '';
  return `# Benchmarks

Generated by \`${command}\` on ${startedAt.toISOString()}${quick ? ' (**--quick**: one short round each, for smoke tests only)' : ''}.
Do not edit by hand: run \`pnpm bench\` (about 5 minutes) and commit the result.

Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.platform}; load average at start ${machine.loadAverage.join(' / ')}.
The machine is shared and noisy: every benchmark runs several interleaved rounds (alternative and
this project back to back, the order alternating) and reports medians; ratios are medians of the
per-round ratios or ratios of medians of interleaved runs.

${table.join('\n')}

## Sources

| benchmark | script | results from | rounds | |
|---|---|---|---|---|
${sources.join('\n')}

Each benchmark also runs alone: \`pnpm bench:react\`, \`pnpm bench:store\`, \`pnpm bench:bundle\`,
\`pnpm bench:token\`, \`pnpm bench:local\`, \`pnpm bench:twilio\`. \`pnpm bench -- --quick\` is a one-round smoke run;
\`pnpm bench -- --report\` rewrites this file from the last results.

${notes}
`;
}

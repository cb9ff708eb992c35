#!/usr/bin/env node
import { gzipSync } from 'node:zlib';
// Where the bytes of @chat/react's whole store go, by behaviour the issue asks for, and how small the
// same code could get by squeezing alone. Evidence for the bundle note in BENCHMARKS.md: writes
// bench/results/bundleShare.json, from which the note's table is generated (a step of `pnpm bench`).
//   node bench/experiments/bundleShare.mjs
// Bundles `export * from '@chat/react'` as bench/bundle.mjs does (esbuild, minified, production,
// React and SDKs external, the default Twilio backend's chunk left out), then:
//   - splits the minified bytes by input file (esbuild's bytesInOutput) and groups the files by the
//     behaviour they implement; gzip is applied to the whole, so a group's KB gz is its share of it;
//   - rebuilds with every internal property name mangled and every string literal of 3+ characters
//     emptied (codes and event names included, so the result no longer works): what the same logic
//     weighs once names and strings are squeezed out.
import { build } from 'esbuild';
import { parseAst } from 'vite';
import { benchDir } from '../lib/build.mjs';
import { writeResults } from '../lib/results.mjs';
import { machine } from '../lib/stats.mjs';

const gz = (text) => gzipSync(text, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
const groups = [
  [
    'connect, token lifecycle, retries (connection, session, tokens, retry, waits, resync)',
    /core\/(connection|session|tokens|retry|waits|resync)\.ts$/,
  ],
  [
    'messages: runs without gaps, history, merge (runs, messageLoader, messages, entries)',
    /core\/(runs|messageLoader|messages|entries)\.ts$/,
  ],
  ['backend events -> state (stateUpdates)', /core\/stateUpdates\.ts$/],
  [
    'sends and typing: pending/sent/failed, retry, offline queue, throttle (sendQueue, messageActions)',
    /core\/(sendQueue|messageActions)\.ts$/,
  ],
  ['unread counts: read horizons (readHorizon)', /core\/readHorizon\.ts$/],
  [
    'edits, deletions and read receipts (manageActions, readBy, rereadRange)',
    /core\/(manageActions|readBy|rereadRange)\.ts$/,
  ],
  [
    'channel actions, engine context and guards (channelActions, engineContext)',
    /core\/(channelActions|engineContext)\.ts$/,
  ],
  [
    'state and O(1) immutable snapshots (ChatCore, snapshot, apiObject, ChannelTable, ChannelVersions, notifier)',
    /core\/(ChatCore|snapshot|apiObject|ChannelTable|ChannelVersions|notifier)\.ts$/,
  ],
  ['bad input: ChatError and validation (errors, validate)', /core\/(errors|validate)\.ts$/],
  ['store factory and lazy engine (createChatStore, engine)', /core\/(createChatStore|engine)\.ts$/],
  ['React binding (react/*)', /src\/react\/|src\/index\.ts$/],
];
// Public names (API, backend interface, DOM/JS built-ins) must keep their spelling; the rest may not.
const INTERNAL =
  /^(entries|current|newestIndex|lastReadIndex|versions|loaded|updateEntry|setEntry|deleteEntry|slots|activity|deferredRefresh|closed|reconnecting|cancelled|changed|channelVersions|moved|revision|refreshing|attempts|stored|selection|snapshot|merged|root|ready|upsertChannel|replaceChannels|messageAdded|clearTyping|apply|seen|resume|soon|switchTo|catchUp|fill|refresh|arm|disarm|schedule|latest|record|behind|lo|hi|gap|policy|sleeper|updates|loader|requireBackend|requireChannel|core|input|onReady|onClose|resync|baseDelayMs|maxDelayMs|timeoutMs|backoff|baseMs|maxMs|jitter)$/;

const options = (extra) => ({
  stdin: { contents: "export * from '@chat/react';", resolveDir: benchDir, loader: 'js' },
  bundle: true,
  write: false,
  minify: true,
  format: 'esm',
  platform: 'browser',
  splitting: true,
  outdir: '/tmp/chat-bundle-share',
  metafile: true,
  logLevel: 'error',
  jsx: 'automatic',
  conditions: ['@chat/source'],
  define: { 'process.env.NODE_ENV': '"production"' },
  external: ['react', 'react-dom', 'react/jsx-runtime', '@twilio/conversations', 'twilio-chat'],
  ...extra,
});
const counted = (result) =>
  result.outputFiles.filter((file) => !/twilio/i.test(file.path.split('/').pop() ?? ''));

const shipped = await build(options({}));
const text = counted(shipped)
  .map((file) => file.text)
  .join('\n');
const total = gz(text);
const bytes = new Map(groups.map(([label]) => [label, 0]));
let other = 0;
for (const [path, output] of Object.entries(shipped.metafile.outputs)) {
  if (/twilio/i.test(path.split('/').pop() ?? '')) continue;
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const group = groups.find(([, pattern]) => pattern.test(input));
    if (group) bytes.set(group[0], bytes.get(group[0]) + bytesInOutput);
    else other += bytesInOutput;
  }
}
const minified = [...bytes.values()].reduce((a, b) => a + b, other);
console.log(`@chat/react store as shipped: ${kb(text.length)} minified, ${kb(total)} gzipped\n`);
console.log('| behaviour (files) | KB minified | share of the gzip |');
console.log('|---|---:|---:|');
for (const [label, n] of [...bytes].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${label} | ${(n / 1024).toFixed(2)} | ${kb((total * n) / minified)} |`);
}
if (other > 0) console.log(`| other | ${(other / 1024).toFixed(2)} | ${kb((total * other) / minified)} |`);

const squeezed = await build(options({ mangleProps: INTERNAL }));
/** The module with every string literal (and template text) of 3+ characters emptied. */
const emptyStrings = (code) => {
  const spans = [];
  const walk = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'Literal' && typeof node.value === 'string' && node.value.length >= 3) {
      spans.push([node.start + 1, node.end - 1]);
    } else if (node.type === 'TemplateElement' && node.end - node.start >= 3) {
      spans.push([node.start, node.end]);
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const item of value) walk(item);
      else if (value && typeof value === 'object') walk(value);
    }
  };
  walk(parseAst(code));
  let out = code;
  for (const [start, end] of spans.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + out.slice(end);
  return out;
};
const floor = counted(squeezed)
  .map((file) => emptyStrings(file.text))
  .join('\n');
console.log(
  `\nSqueezed (internal property names mangled, every string literal of 3+ characters emptied): ${kb(floor.length)} minified, ${kb(gz(floor))} gzipped`,
);
const file = writeResults('bundleShare', {
  date: new Date().toISOString(),
  machine: machine(),
  tool: 'esbuild (minify, bundle, ESM splitting, platform browser) + node:zlib gzip -9; a group gets its share of the minified bytes of the gzip',
  shipped: { min: text.length, gz: total },
  groups: [...bytes]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => ({ label, min: n, gzShare: Math.round((total * n) / minified) }))
    .concat(
      other > 0 ? [{ label: 'other', min: other, gzShare: Math.round((total * other) / minified) }] : [],
    ),
  squeezed: { min: floor.length, gz: gz(floor) },
});
console.log(`wrote ${file}`);

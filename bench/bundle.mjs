#!/usr/bin/env node
// `node bench/bundle.mjs`: what each import adds to an app's bundle, minified and gzipped, measured in
// the same run for @chat/react and the alternatives. Every entry is bundled with esbuild (bundle,
// minify, platform browser, ESM with code splitting, process.env.NODE_ENV = "production", CSS ignored,
// react/react-dom external) and each output file gzipped with node:zlib (level 9). "Initial" is the
// entry chunk plus the chunks it imports statically; chunks behind a dynamic import() load later and
// are reported apart, except the store's engine: @chat/react counts everything it loads to work with
// a given backend (not the default Twilio backend's chunk, nor an SDK unless stated, nor the chunks
// of the store loaded on first use of a feature, which are listed beside it).
// Alternatives count their initial load. Deterministic: one round.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { benchDir } from './lib/build.mjs';
import { writeResults } from './lib/results.mjs';
import { machine } from './lib/stats.mjs';

const REACT = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'];
const SDKS = ['@twilio/conversations', 'twilio-chat'];
/** The bundle budget: what `import '@chat/react'` loads (the entry and its static imports). */
const BUDGET_BYTES = 5 * 1024;
/**
 * The whole store with its lazy engine (what loads before the chat works) has a ceiling, not a goal:
 * a regression gate, as in packages/react/scripts/size.mjs.
 */
const CEILING_BYTES = 11 * 1024;

/** What is measured: an ES module re-exporting what an app imports. */
const entries = [
  {
    id: 'main',
    label: '`@chat/react` (core + React binding, all exports)',
    code: "export * from '@chat/react';",
    external: SDKS,
    count: ['store'],
  },
  {
    id: 'local',
    label: '`@chat/react/local` (localBackend)',
    code: "export * from '@chat/react/local';",
    external: SDKS,
    count: ['store'],
  },
  {
    id: 'twilioConversations',
    label: '`@chat/react/twilio-conversations`, SDK not counted',
    code: "export * from '@chat/react/twilio-conversations';",
    external: SDKS,
    count: ['store'],
  },
  {
    id: 'twilioChat',
    label: '`@chat/react/twilio-chat`, SDK not counted',
    code: "export * from '@chat/react/twilio-chat';",
    external: SDKS,
    count: ['store'],
  },
  {
    id: 'twilioConversationsSdk',
    label: '`@chat/react/twilio-conversations` + `@twilio/conversations` SDK (information)',
    code: "export * from '@chat/react/twilio-conversations';",
    external: [],
    count: ['store', 'sdk', 'backend', 'dependency'],
  },
  {
    id: 'twilioChatSdk',
    label: '`@chat/react/twilio-chat` + `twilio-chat` SDK (information)',
    code: "export * from '@chat/react/twilio-chat';",
    external: [],
    count: ['store', 'sdk', 'backend', 'dependency'],
  },
  {
    id: 'streamChatReact',
    label: 'stream-chat-react `{ Chat }` (with stream-chat)',
    code: "export { Chat } from 'stream-chat-react';",
    external: [],
    count: [],
    alternative: true,
  },
  {
    id: 'chatscope',
    label:
      '@chatscope/chat-ui-kit-react `{ MainContainer, ChatContainer, MessageList, Message, MessageInput }`',
    code: "export { MainContainer, ChatContainer, MessageList, Message, MessageInput } from '@chatscope/chat-ui-kit-react';",
    external: [],
    count: [],
    alternative: true,
  },
];

async function measure(entry) {
  const outdir = mkdtempSync(join(tmpdir(), 'chat-bundle-'));
  try {
    const result = await build({
      stdin: { contents: entry.code, resolveDir: benchDir, sourcefile: `${entry.id}.js`, loader: 'js' },
      bundle: true,
      minify: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir,
      entryNames: 'entry',
      metafile: true,
      conditions: ['@chat/source'],
      external: [...REACT, ...entry.external],
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.css': 'empty', '.scss': 'empty' },
      legalComments: 'none',
      logLevel: 'error',
    });
    const outputs = result.metafile.outputs;
    const size = (file) => {
      const bytes = readFileSync(file);
      return { min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
    };
    const entryFile = Object.keys(outputs).find((f) => outputs[f].entryPoint);
    // Initial load: the entry and everything it imports statically (transitively).
    const initial = new Set();
    const visit = (file) => {
      if (initial.has(file)) return;
      initial.add(file);
      for (const imp of outputs[file].imports)
        if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
    };
    visit(entryFile);
    const files = Object.keys(outputs).filter((f) => f.endsWith('.js'));
    const sum = (list) => {
      const joined = Buffer.concat(list.map((f) => readFileSync(f)));
      return { min: joined.length, gz: gzipSync(joined, { level: 9 }).length };
    };
    // The store's engine (createChatStore imports it on the first connect) and what it imports
    // statically: the rest of what loads before the chat works.
    const engine = new Set();
    const visitEngine = (file) => {
      if (engine.has(file)) return;
      engine.add(file);
      for (const imp of outputs[file].imports)
        if (imp.kind === 'import-statement' && !imp.external) visitEngine(imp.path);
    };
    for (const file of Object.keys(outputs))
      if (Object.keys(outputs[file].inputs).some((i) => i.endsWith('src/core/engine.ts'))) visitEngine(file);
    // A chunk behind import(): an SDK, a backend (the default one), the store's engine, or a part of
    // the store loaded on first use (creating and managing channels, the catch-up of offline edits).
    const kindOf = (file) => {
      const inputs = Object.keys(outputs[file].inputs);
      if (inputs.some((i) => /node_modules\/(@twilio|twilio-chat)/.test(i))) return 'sdk';
      if (inputs.some((i) => i.includes('src/backends/'))) return 'backend';
      if (inputs.some((i) => i.includes('node_modules/'))) return 'dependency';
      return engine.has(file) ? 'store' : 'onFirstUse';
    };
    const lazy = files
      .filter((f) => !initial.has(f))
      .map((f) => ({ path: f, file: relative(outdir, f), kind: kindOf(f), ...size(f) }));
    const initialSize = sum([...initial]);
    // Counted: the initial load plus the lazy chunks of the kinds the entry always needs, gzipped as
    // one stream (as if they were one file: no per-file gzip overhead is charged).
    const countedFiles = [...initial, ...lazy.filter((c) => entry.count.includes(c.kind)).map((c) => c.path)];
    const joined = Buffer.concat(countedFiles.map((f) => readFileSync(f)));
    const counted = {
      min: joined.length,
      gz: gzipSync(joined, { level: 9 }).length,
      files: countedFiles.length,
    };
    // Where the counted bytes come from (minified, before gzip), largest first.
    const topInputs = countedFiles
      .flatMap((f) => Object.entries(outputs[f].inputs))
      .map(([input, { bytesInOutput }]) => ({
        input: input.replace(/^.*?(packages|node_modules)\//, '$1/'),
        bytes: bytesInOutput,
      }))
      .filter((i) => i.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 12);
    for (const chunk of lazy) delete chunk.path;
    return {
      ...counted,
      initial: initialSize,
      lazy,
      topInputs,
      externals: [
        ...new Set(
          Object.values(outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)),
        ),
      ],
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const sizes = {};
for (const entry of entries) {
  sizes[entry.id] = { label: entry.label, ...(await measure(entry)) };
  const s = sizes[entry.id];
  const lazy = s.lazy.map((c) => `${c.kind} ${(c.gz / 1024).toFixed(2)}`).join(', ');
  console.error(
    `${entry.id.padEnd(24)} ${(s.gz / 1024).toFixed(2).padStart(8)} KB gz counted, initial ${(s.initial.gz / 1024).toFixed(2)} KB gz${lazy ? `; lazy chunks (KB gz): ${lazy}` : ''}`,
  );
}
const main = sizes.main.gz;
const results = {
  date: new Date().toISOString(),
  machine: machine(),
  tool: 'esbuild (minify, bundle, ESM splitting, platform browser, react/react-dom external) + node:zlib gzip -9',
  budgetBytes: BUDGET_BYTES,
  ceilingBytes: CEILING_BYTES,
  sizes,
  ratios: {
    streamChatReactOverMain: Number((sizes.streamChatReact.gz / main).toFixed(1)),
    chatscopeOverMain: Number((sizes.chatscope.gz / main).toFixed(1)),
  },
  met: {
    // The budget: what `import '@chat/react'` loads.
    budget: sizes.main.initial.gz <= BUDGET_BYTES,
    // The whole store, lazy engine included: under its ceiling.
    ceiling: main <= CEILING_BYTES,
  },
};
const file = writeResults('bundle', results);
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log(`
import '@chat/react' loads ${kb(sizes.main.initial.gz)} min+gz (budget ≤ ${kb(BUDGET_BYTES)}: ${results.met.budget ? 'met' : 'MISSED'})
the whole store with its lazy engine: ${kb(main)} min+gz (ceiling ${kb(CEILING_BYTES)}, not a goal: ${results.met.ceiling ? 'under' : 'OVER'})
stream-chat-react { Chat }: ${(sizes.streamChatReact.gz / 1024).toFixed(1)} KB (${results.ratios.streamChatReactOverMain}x); chatscope: ${(sizes.chatscope.gz / 1024).toFixed(1)} KB (${results.ratios.chatscopeOverMain}x)
wrote ${file}`);

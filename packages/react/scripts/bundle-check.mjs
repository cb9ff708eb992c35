#!/usr/bin/env node
// Proves that an app bundles only the chat SDK it uses: builds @chat/react (the four library
// entries of vite.config.ts) minified into a temporary folder, follows each entry's static
// imports, and fails when the main or local entry reaches Twilio SDK code, or when a Twilio
// entry reaches the other SDK. Prints each entry's static size, minified and gzipped.
// For React Server Components (Next.js App Router) it also fails when dist/index.js, where the
// React bindings start, does not begin with 'use client', or when the react-server entry (what
// server components import) reaches React or a 'use client' chunk.
//
//   node packages/react/scripts/bundle-check.mjs          (from the repo root or packages/react)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONVERSATIONS = '@twilio/conversations';
const CHAT = 'twilio-chat';
// Text only the SDKs (or their dependencies) contain, should one ever be inlined instead of external.
const SDK_MARKERS = [
  /twilsock/i,
  /twilio-sync/,
  /@twilio\/(conversations|mcs-client|notifications)/,
  /twilio-chat/,
];

/** What each entry may reach statically, and which SDK it must load (dynamically) itself. */
const ENTRIES = {
  index: { forbidden: [CONVERSATIONS, CHAT], loads: null },
  'react-server': {
    forbidden: [CONVERSATIONS, CHAT, 'react', 'react/jsx-runtime', 'react-dom'],
    loads: null,
  },
  local: { forbidden: [CONVERSATIONS, CHAT], loads: null },
  'twilio-conversations': { forbidden: [CHAT], loads: CONVERSATIONS },
  'twilio-chat': { forbidden: [CONVERSATIONS], loads: CHAT },
};

const outDir = mkdtempSync(join(tmpdir(), 'chat-react-bundle-'));
let failures = 0;
const fail = (message) => {
  failures += 1;
  console.error(`FAIL ${message}`);
};

try {
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify: true, sourcemap: false },
  });

  for (const [entry, rule] of Object.entries(ENTRIES)) {
    const graph = staticGraph(join(outDir, `${entry}.js`));
    for (const specifier of graph.bare) {
      if (rule.forbidden.some((sdk) => specifier === sdk || specifier.startsWith(`${sdk}/`))) {
        fail(`${entry}.js statically imports ${specifier}`);
      }
      if (rule.loads && specifier === rule.loads) {
        fail(`${entry}.js imports ${specifier} statically; it must load it with import() on connect`);
      }
    }
    for (const specifier of graph.dynamicBare) {
      if (rule.forbidden.includes(specifier))
        fail(`${entry}.js loads ${specifier}, the SDK of another backend`);
    }
    if (rule.loads && !graph.dynamicBare.has(rule.loads)) fail(`${entry}.js never loads ${rule.loads}`);
    const markerFiles = rule.loads ? [] : graph.files;
    for (const file of markerFiles) {
      const code = readFileSync(file, 'utf8');
      const marker = SDK_MARKERS.find((pattern) => pattern.test(code));
      if (marker) fail(`${entry}.js reaches SDK code (${marker}) in ${file.slice(outDir.length + 1)}`);
    }
    const directive = /^\s*["']use client["']/;
    if (entry === 'index' && !directive.test(readFileSync(graph.files[0], 'utf8'))) {
      fail(`index.js does not start with 'use client': server components would run the React bindings`);
    }
    if (entry === 'react-server') {
      for (const file of graph.files) {
        if (directive.test(readFileSync(file, 'utf8')))
          fail(`react-server.js reaches a 'use client' chunk (${file})`);
      }
    }
    const gzip = graph.files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
    const raw = graph.files.reduce((sum, file) => sum + readFileSync(file).length, 0);
    console.log(
      `${`${entry}.js`.padEnd(26)} ${kb(raw).padStart(8)} min  ${kb(gzip).padStart(8)} min+gz  ` +
        `(${graph.files.length} file${graph.files.length === 1 ? '' : 's'}; external: ${[...graph.bare].sort().join(', ') || 'none'}; ` +
        `loads on demand: ${[...graph.dynamicBare, ...graph.dynamicLocal].sort().join(', ') || 'nothing'})`,
    );
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

if (failures > 0) {
  console.error(`bundle check: ${failures} problem${failures === 1 ? '' : 's'}`);
  process.exit(1);
}
console.log('bundle check: every entry bundles only the SDK it uses');

/**
 * The files an entry loads before any code runs (relative static imports, transitively), the
 * bare specifiers they import statically, and what they import dynamically.
 */
function staticGraph(entryFile) {
  const files = [];
  const bare = new Set();
  const dynamicBare = new Set();
  const dynamicLocal = new Set();
  const pending = [entryFile];
  const seen = new Set();
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(file);
    const code = readFileSync(file, 'utf8');
    for (const { specifier, dynamic } of importsOf(code)) {
      const local = specifier.startsWith('.');
      if (dynamic) {
        if (local) dynamicLocal.add(specifier.replace(/^\.\//, ''));
        else dynamicBare.add(specifier);
      } else if (local) {
        pending.push(resolve(dirname(file), specifier));
      } else {
        bare.add(specifier);
      }
    }
  }
  return { files, bare, dynamicBare, dynamicLocal };
}

/** Static `import … from 'x'`, `import 'x'`, `export … from 'x'`, and dynamic `import('x')`. */
function importsOf(code) {
  const found = [];
  const staticPattern = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*$\s{},]*?\s*from\s*)?["']([^"']+)["']/g;
  const dynamicPattern = /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;
  for (const match of code.matchAll(staticPattern)) found.push({ specifier: match[1], dynamic: false });
  for (const match of code.matchAll(dynamicPattern)) found.push({ specifier: match[1], dynamic: true });
  return found;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

// Bundle-size check of @chat/react's main entry (core + React binding): bundled with Vite (React
// external), minified as an app's production build would (oxc: compress + mangle + whitespace; Vite's
// library mode keeps whitespace), gzipped. Fails above the budget, or when Twilio SDK code reaches it.
//   node scripts/size.mjs            (from packages/react; `pnpm --filter @chat/react size`)
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, minifySync } from 'vite';

const BUDGET_BYTES = 5 * 1024;
const FORBIDDEN = ['@twilio', 'twilio-chat'];
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const output = await build({
  root,
  configFile: false,
  logLevel: 'silent',
  build: {
    write: false,
    minify: false,
    sourcemap: false,
    lib: { entry: resolve(root, 'src/index.ts'), formats: ['es'], fileName: 'index' },
    rollupOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^@twilio\//, /^twilio-chat($|\/)/],
    },
  },
});

const chunks = new Map(
  (Array.isArray(output) ? output : [output])
    .flatMap((result) => result.output)
    .filter((item) => item.type === 'chunk')
    .map((chunk) => [chunk.fileName, chunk]),
);
const entry = [...chunks.values()].find((chunk) => chunk.isEntry);
if (!entry) throw new Error('size.mjs: the build produced no entry chunk');

// What `import '@chat/react'` loads: the entry and its static imports (not the lazy backend chunks).
const loaded = new Map();
const visit = (chunk) => {
  if (loaded.has(chunk.fileName)) return;
  loaded.set(chunk.fileName, chunk);
  for (const name of chunk.imports) if (chunks.has(name)) visit(chunks.get(name));
};
visit(entry);

const minify = (chunk) =>
  minifySync(chunk.fileName, chunk.code, { compress: true, mangle: { toplevel: true }, module: true }).code;
const code = [...loaded.values()].map(minify).join('\n');
const gzipped = gzipSync(code, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log(
  `@chat/react main entry: ${kb(code.length)} minified, ${kb(gzipped)} gzipped (budget ${kb(BUDGET_BYTES)})`,
);
for (const chunk of loaded.values()) console.log(`  ${chunk.fileName}: ${kb(minify(chunk).length)} minified`);
// The engine loads on the first connect(): not in the budget, but shown, with the total an app that
// connects downloads (backend chunks aside).
const engine = [...chunks.values()].find((chunk) => chunk.fileName.startsWith('engine'));
if (engine) {
  const engineCode = minify(engine);
  const total = gzipSync(`${code}\n${engineCode}`, { level: 9 }).length;
  console.log(
    `  lazy engine (loaded by connect): ${kb(engineCode.length)} minified, ${kb(gzipSync(engineCode, { level: 9 }).length)} gzipped; main + engine: ${kb(total)} gzipped`,
  );
}
const lazy = [...chunks.keys()].filter((name) => !loaded.has(name) && name !== engine?.fileName);
if (lazy.length > 0) console.log(`  lazy backend chunks (not counted): ${lazy.join(', ')}`);

let failed = false;
for (const needle of FORBIDDEN) {
  for (const chunk of loaded.values()) {
    if (chunk.code.includes(needle) || chunk.imports.some((name) => name.includes(needle))) {
      console.error(`FAIL: ${chunk.fileName} contains '${needle}': a Twilio SDK reached the main entry.`);
      failed = true;
    }
  }
}
if (gzipped > BUDGET_BYTES) {
  console.error(`FAIL: ${kb(gzipped)} gzipped is over the ${kb(BUDGET_BYTES)} budget.`);
  failed = true;
}
process.exit(failed ? 1 : 0);

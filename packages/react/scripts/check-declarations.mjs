#!/usr/bin/env node
// Checks the published declarations (dist/**/*.d.ts, after `pnpm build`): none may import another
// @chat/ package. @chat/protocol is a devDependency inlined into the bundle, so a type that
// mentions it would not resolve in an app. Its users here are marked @internal and stripped
// (tsconfig.build.json: stripInternal); this catches the next one that is not.
//   node scripts/check-declarations.mjs        (from packages/react; `build` runs it)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const IMPORT = /\bfrom\s+['"](@chat\/[^'"]+)['"]|\bimport\(\s*['"](@chat\/[^'"]+)['"]\s*\)/g;

let files;
try {
  files = readdirSync(dist, { recursive: true }).filter((name) => String(name).endsWith('.d.ts'));
} catch {
  console.error(
    'check-declarations: no dist/ folder; run `pnpm build` (vite build && tsc -p tsconfig.build.json) first.',
  );
  process.exit(1);
}
if (files.length === 0) {
  console.error('check-declarations: dist/ holds no .d.ts file; run `tsc -p tsconfig.build.json` first.');
  process.exit(1);
}
let failed = 0;
for (const name of files) {
  const file = join(dist, String(name));
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    console.error(
      `FAIL: ${relative(root, file)} imports ${match[1] ?? match[2]}; mark what uses it @internal, or declare the type in @chat/react.`,
    );
    failed += 1;
  }
}
console.log(`check-declarations: ${files.length} declaration files, ${failed} importing an @chat/ package.`);
process.exit(failed === 0 ? 0 : 1);

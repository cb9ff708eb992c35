#!/usr/bin/env node
// `npm test`: install what is missing, then typecheck, lint and test every package.
import { ensureInstall, pnpm } from './ensure-install.mjs';

ensureInstall();
const steps = [
  ['typecheck', ['-r', '--if-present', 'run', 'typecheck']],
  ['lint', ['exec', 'biome', 'check', '.']],
  ['test', ['-r', '--if-present', '--workspace-concurrency=1', 'run', 'test']],
];
for (const [name, args] of steps) {
  console.log(`\n▶ ${name}`);
  const code = pnpm(args);
  if (code !== 0) {
    console.error(`\n✖ ${name} failed (exit ${code})`);
    process.exit(code);
  }
}
console.log('\n✔ typecheck, lint and tests passed');

#!/usr/bin/env node
// `npm test`: install what is missing, then typecheck, lint and test every package,
// and close with one "N passed, N failed" line for the whole repository.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstall, pnpm } from './ensure-install.mjs';

ensureInstall();
const reportDir = mkdtempSync(join(tmpdir(), 'chat-test-report-'));
const env = { ...process.env, CHAT_TEST_REPORT_DIR: reportDir };
const steps = [
  ['typecheck', ['-r', '--if-present', 'run', 'typecheck']],
  ['lint', ['exec', 'biome', 'check', '.']],
  ['test', ['-r', '--if-present', '--workspace-concurrency=1', 'run', 'test']],
];
let failedStep = null;
for (const [name, args] of steps) {
  console.log(`\n▶ ${name}`);
  const code = pnpm(args, { env });
  if (code !== 0) {
    failedStep = [name, code];
    break;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(reportDir)) {
  const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
rmSync(reportDir, { recursive: true, force: true });

if (failedStep) {
  console.error(`\n✖ ${failedStep[0]} failed (exit ${failedStep[1]})`);
  console.log(`${passed} passed, ${Math.max(failed, 1)} failed`);
  process.exit(failedStep[1]);
}
console.log('\n✔ typecheck, lint and tests passed');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);

#!/usr/bin/env node
// `npm run test:faults`: the faults project, then docs/RELIABILITY.md's figures regenerated from what
// it recorded (reliabilityDoc.mjs), even when a test failed: a test that failed before recording
// keeps its previous figures, dated, and the exit code is still the tests'. Arguments go to vitest
// (`npm run test:faults -- src/faults/kill.test.ts`).
import { spawnSync } from 'node:child_process';
import { writeReliabilityDoc } from './reliabilityDoc.mjs';

const tests = spawnSync('vitest', ['run', '--project', 'faults', ...process.argv.slice(2)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (tests.error) throw tests.error;
const copied = writeReliabilityDoc();
console.log(
  `docs/RELIABILITY.md: figures regenerated${copied.length ? ` (new results: ${copied.join(', ')})` : ' (no new results)'}`,
);
process.exit(tests.status ?? 1);

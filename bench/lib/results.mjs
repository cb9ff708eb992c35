// Where each benchmark writes its figures (bench/results/NAME.json, committed: BENCHMARKS.md is generated from them).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './build.mjs';

export const resultsDir = join(benchDir, 'results');

export function writeResults(name, data) {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

export function readResults(name) {
  return JSON.parse(readFileSync(join(resultsDir, `${name}.json`), 'utf8'));
}

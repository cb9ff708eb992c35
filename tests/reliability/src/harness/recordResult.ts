import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** tests/reliability/results (git-ignored): the figures of the last run, one JSON file per test. */
export const RESULTS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../results');

/**
 * Writes the figures of a test run to `results/<name>.json` (replacing the previous run's), for
 * docs/RELIABILITY.md. Written to a temporary file and renamed, so a reader never sees half a file.
 */
export function recordResult(name: string, figures: Record<string, unknown>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  const temporary = `${path}.${process.pid}.tmp`;
  const record = { name, finishedAt: new Date().toISOString(), node: process.version, ...figures };
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, path);
}

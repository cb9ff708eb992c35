import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** tests/reliability/results (git-ignored): the figures of the last run, one JSON file per test. */
export const RESULTS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../results');

/** The machine's one-minute load average now, rounded, and its CPU count: beside every timed figure. */
export function machineLoad(): { loadAverage1m: number; cpus: number } {
  return { loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100, cpus: cpus().length };
}

/**
 * Writes the figures of a test run to `results/<name>.json` (replacing the previous run's), with the
 * machine's load when it finished. `npm run test:faults` then copies the faults project's results to
 * `figures/` (committed) and generates docs/RELIABILITY.md's figures from them
 * (src/report/reliabilityDoc.mjs). Written to a temporary file and renamed, so a reader never sees
 * half a file.
 */
export function recordResult(name: string, figures: Record<string, unknown>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  const temporary = `${path}.${process.pid}.tmp`;
  const record = {
    name,
    finishedAt: new Date().toISOString(),
    node: process.version,
    machineAtEnd: machineLoad(),
    ...figures,
  };
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, path);
}

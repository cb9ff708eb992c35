// Bundles a benchmark scenario the way an app ships it: production React (process.env.NODE_ENV
// defined as "production", so React's development branches are dropped), @chat/react from its
// TypeScript source (the workspace's `@chat/source` export condition), one ESM file in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds `entry` (relative to bench/) into a temp dir and returns its file URL and a cleanup.
 * Not minified, so that profiles and stack traces name functions. `platform: 'browser'` picks the browser builds of react-dom; the bundle runs in Node under jsdom.
 */
export async function buildScenario(entry, { platform = 'browser', minify = false } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'chat-bench-'));
  const outfile = join(outdir, 'scenario.mjs');
  await build({
    entryPoints: [join(benchDir, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform,
    minify,
    target: 'node20',
    jsx: 'automatic',
    conditions: ['@chat/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return {
    url: pathToFileURL(outfile).href,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

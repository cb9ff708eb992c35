import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (this file is tests/reliability/src/harness/). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

// In dependency order: both servers import @chat/protocol.
const PACKAGES = ['packages/protocol', 'packages/server', 'packages/local-server'];
const LOCK = join(tmpdir(), 'chat-reliability-build.lock');

/** Newest mtime of the .ts sources of a package (tests excluded: they are not built). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '__tests__') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(pkg: string): boolean {
  const built = join(REPO_ROOT, pkg, 'dist/index.js');
  return !existsSync(built) || statSync(built).mtimeMs < newestSource(join(REPO_ROOT, pkg, 'src'));
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds `@chat/protocol`, `@chat/server` and `@chat/local-server` to `dist/` when dist is missing or older than the
 * sources, so that the local server can run as a separate process that a test can SIGKILL (Node 20
 * cannot run the TypeScript sources). Emits without type-checking (`--noCheck`: `npm test`
 * typechecks separately), which takes seconds instead of tens of seconds. A lock directory keeps
 * two test files from building at once.
 */
export function ensureServersBuilt(): void {
  if (!PACKAGES.some(isStale)) return;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another file builds: wait for it; a lock older than two minutes belongs to a dead run.
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && (Date.now() > deadline || Date.now() - lock.mtimeMs > 120_000)) rmdirSync(LOCK);
      sleepSync(200);
    }
  }
  try {
    const tsc = createRequire(join(REPO_ROOT, 'package.json')).resolve('typescript/bin/tsc');
    for (const pkg of PACKAGES) {
      if (!isStale(pkg)) continue;
      execFileSync(process.execPath, [tsc, '-p', join(pkg, 'tsconfig.build.json'), '--noCheck'], {
        cwd: REPO_ROOT,
        stdio: 'inherit',
      });
    }
  } finally {
    rmdirSync(LOCK);
  }
}

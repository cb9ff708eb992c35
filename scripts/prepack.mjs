#!/usr/bin/env node
// `prepack` of each published package (run by `pnpm pack`, `pnpm publish` and `npm pack` in its
// folder): builds the package from an empty dist/, after the workspace packages its build needs
// (named as arguments, e.g. `node ../../scripts/prepack.mjs @chat/protocol @chat/server`; those
// are rebuilt only when their dist/ is missing or older than their sources).
// So a fresh clone packs a complete build, and nothing a build no longer makes (an old
// dist/config.js with Twilio keys in it) can stay in dist/ to be packed.
// Packages that depend on each other say so with `workspace:*`, which `pnpm pack`/`pnpm publish`
// turn into the version; npm would pack it as it is, and nobody could install the result, so npm
// is refused for those packages with a message that says what to run instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(root, 'packages');
const folders = new Map(
  readdirSync(packagesDir).map((folder) => [
    JSON.parse(readFileSync(join(packagesDir, folder, 'package.json'), 'utf8')).name,
    join(packagesDir, folder),
  ]),
);

/** Newest modification time of a source tree (tests aside), to tell whether a build is stale. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '__tests__') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** A dependency's build is reused when it is newer than its sources (the package itself never is). */
function isFresh(dir) {
  const entry = join(dir, 'dist', 'index.js');
  return existsSync(entry) && newestMtime(join(dir, 'src')) <= statSync(entry).mtimeMs;
}

function build(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const script = manifest.scripts?.build;
  if (!script) throw new Error(`prepack: ${manifest.name} has no build script`);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  console.log(`prepack: building ${manifest.name} (${script})`);
  const bins = [join(dir, 'node_modules', '.bin'), join(root, 'node_modules', '.bin')];
  const result = spawnSync(script, {
    cwd: dir,
    shell: true,
    stdio: 'inherit',
    env: { ...process.env, PATH: [...bins, process.env.PATH].join(delimiter) },
  });
  if (result.status !== 0) {
    console.error(`prepack: the build of ${manifest.name} failed (see above); nothing was packed.`);
    process.exit(result.status ?? 1);
  }
}

const here = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
const linked = ['dependencies', 'peerDependencies', 'optionalDependencies']
  .flatMap((field) => Object.entries(here[field] ?? {}))
  .filter(([, range]) => String(range).startsWith('workspace:'))
  .map(([name]) => name);
if (linked.length > 0 && !(process.env.npm_config_user_agent ?? '').startsWith('pnpm/')) {
  console.error(
    `prepack: ${here.name} depends on ${linked.join(' and ')} as "workspace:*", which pnpm rewrites to ` +
      'the version when it packs and npm does not, so npm would make a package nobody can install. ' +
      'Pack or publish it with pnpm: npx -y pnpm@12.4.2 pack (or publish). ' +
      '`npm publish <the .tgz pnpm made>` works too.',
  );
  process.exit(1);
}

for (const name of process.argv.slice(2)) {
  const dir = folders.get(name);
  if (dir === undefined) throw new Error(`prepack: no workspace package is named ${name}`);
  if (!isFresh(dir)) build(dir);
}
build(process.cwd());

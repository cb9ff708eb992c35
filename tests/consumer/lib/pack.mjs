// Packing the four packages as they would be published, and checking what is in each tarball.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { run } from './commands.mjs';

export const root = join(import.meta.dirname, '..', '..', '..');
/** In the order a publish goes: each after what it depends on. */
export const PACKAGES = ['protocol', 'react', 'server', 'local-server'];
const PNPM = [
  '-y',
  `pnpm@${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]}`,
];

/** `pnpm pack` (which runs prepack: a clean build) in each package; returns folder -> tarball. */
export function packAll(dest) {
  mkdirSync(dest, { recursive: true });
  const tarballs = new Map();
  for (const folder of PACKAGES) {
    const before = new Set(readdirSync(dest));
    run('npx', [...PNPM, 'pack', '--pack-destination', dest], { cwd: join(root, 'packages', folder) });
    const made = readdirSync(dest).filter((name) => name.endsWith('.tgz') && !before.has(name));
    assert.equal(made.length, 1, `pnpm pack in packages/${folder} made ${made.join(', ') || 'nothing'}`);
    tarballs.set(folder, join(dest, made[0]));
  }
  return tarballs;
}

/** The files of a tarball: name (without `package/`) -> contents, read without unpacking. */
export function readTarball(path) {
  const tar = gunzipSync(readFileSync(path));
  const files = new Map();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start, length) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const name = `${text(345, 155) ? `${text(345, 155)}/` : ''}${text(0, 100)}`;
    const size = Number.parseInt(text(124, 12).trim() || '0', 8);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (header[156] === 0 || header[156] === 48) files.set(name.replace(/^package\//, ''), body);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return { files, raw: tar };
}

/**
 * What every published package must carry: a clean manifest (public, repository/homepage/bugs as
 * the root says, versions instead of workspace:*, @chat/source first in exports), the MIT LICENSE,
 * every file its exports, types and bin name, and for the servers exactly one executable bin.
 */
export function checkTarball(folder, path) {
  const { files } = readTarball(path);
  const manifest = JSON.parse(files.get('package.json').toString('utf8'));
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const where = `${manifest.name} (${relative(root, path)})`;
  assert.equal(manifest.publishConfig?.access, 'public', `${where}: publishConfig.access`);
  assert.equal(manifest.license, 'MIT', `${where}: license`);
  assert.equal(
    files.get('LICENSE')?.toString('utf8'),
    readFileSync(join(root, 'LICENSE'), 'utf8'),
    `${where}: LICENSE is missing or differs from the root's`,
  );
  assert.deepEqual(
    manifest.repository,
    { ...rootManifest.repository, directory: `packages/${folder}` },
    `${where}: repository`,
  );
  const site = rootManifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  assert.equal(manifest.homepage, `${site}/tree/main/packages/${folder}#readme`, `${where}: homepage`);
  assert.deepEqual(manifest.bugs, rootManifest.bugs, `${where}: bugs`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      assert.ok(!String(range).startsWith('workspace:'), `${where}: ${field}.${name} is ${range}`);
    }
  }
  const referenced = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})];
  for (const [subpath, conditions] of Object.entries(manifest.exports)) {
    if (typeof conditions === 'string') continue;
    assert.equal(
      Object.keys(conditions)[0],
      '@chat/source',
      `${where}: exports["${subpath}"] starts with ${Object.keys(conditions)[0]}`,
    );
    referenced.push(...Object.values(conditions));
  }
  for (const targets of Object.values(manifest.typesVersions?.['*'] ?? {})) referenced.push(...targets);
  for (const file of referenced) {
    assert.ok(files.has(file.replace(/^\.\//, '')), `${where}: ${file} is named but not packed`);
  }
  if (folder === 'server' || folder === 'local-server') {
    const bins = Object.values(manifest.bin ?? {});
    assert.equal(bins.length, 1, `${where}: one bin, so that npx ${manifest.name} runs it`);
    assert.match(
      files.get(bins[0]).toString('utf8'),
      /^#!\/usr\/bin\/env node\n/,
      `${where}: the bin's shebang`,
    );
  }
  // The README npm shows is for people who install the package: how to install or start it, and
  // workspace versions only where it speaks of developing it inside this repository.
  const readme = files.get('README.md').toString('utf8');
  assert.match(
    readme,
    new RegExp(`(npm install|npx) ${manifest.name.replace('/', '\\/')}\\b`),
    `${where}: README says how to install it`,
  );
  assert.doesNotMatch(
    readme.split('\n## Development')[0],
    /workspace:/,
    `${where}: README tells users to add it as workspace:*`,
  );
  const configs = [...files.keys()].filter((name) =>
    /(^|\/)config\.(ts|js|d\.ts|js\.map|d\.ts\.map)$/.test(name),
  );
  assert.deepEqual(configs, [], `${where}: packs ${configs.join(', ')}`);
  return manifest;
}

/**
 * Packs @chat/server as a developer of this repository would after following the seed's setup: a
 * src/config.ts with the real secret, and the dist/config.js that builds before this issue left.
 * Done on a copy of the package (its node_modules and its neighbours linked), so that a real
 * config.ts in the working tree is never touched. Fails if the secret is anywhere in the tarball.
 */
export function checkSecretNeverPacked(workDir) {
  const copy = join(workDir, 'secret-repo');
  const pkg = join(copy, 'packages', 'server');
  mkdirSync(pkg, { recursive: true });
  for (const name of [
    'src',
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'README.md',
    'LICENSE',
  ]) {
    if (!existsSync(join(root, 'packages', 'server', name))) continue;
    cpSync(join(root, 'packages', 'server', name), join(pkg, name), {
      recursive: true,
      // A developer's own src/config.ts stays where it is.
      filter: (from) => !from.endsWith('/src/config.ts'),
    });
  }
  cpSync(join(root, 'tsconfig.base.json'), join(copy, 'tsconfig.base.json'));
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  symlinkSync(join(root, 'scripts'), join(copy, 'scripts'));
  symlinkSync(join(root, 'packages', 'protocol'), join(copy, 'packages', 'protocol'));
  symlinkSync(join(root, 'packages', 'server', 'node_modules'), join(pkg, 'node_modules'));

  const secret = `sentinel-secret-${randomUUID()}`;
  const example = readFileSync(join(pkg, 'src', 'config.example.ts'), 'utf8');
  assert.match(example, /your-api-key-secret/);
  writeFileSync(join(pkg, 'src', 'config.ts'), example.replace('your-api-key-secret', secret));
  mkdirSync(join(pkg, 'dist'));
  writeFileSync(join(pkg, 'dist', 'config.js'), `export const twilioApiSecret = '${secret}';\n`);
  writeFileSync(join(pkg, 'dist', 'config.d.ts'), `export declare const twilioApiSecret = "${secret}";\n`);

  run('npx', [...PNPM, 'pack', '--pack-destination', copy], { cwd: pkg });
  const tarball = readdirSync(copy).find((name) => name.endsWith('.tgz'));
  const { files, raw } = readTarball(join(copy, tarball));
  const leaks = [...files].filter(([, body]) => body.includes(secret)).map(([name]) => name);
  assert.deepEqual(leaks, [], `the Twilio secret of src/config.ts was packed in ${leaks.join(', ')}`);
  assert.ok(!raw.includes(secret), 'the Twilio secret of src/config.ts is in the tarball');
  // Not vacuous: the secret was there to leak, and what was packed is a build.
  assert.ok(readFileSync(join(pkg, 'src', 'config.ts'), 'utf8').includes(secret));
  assert.ok(files.has('dist/main.js') && files.has('dist/index.d.ts'), 'the copy packed no build');
  return files.size;
}

/** `npm publish --dry-run <tarball>`: what npm would publish, with no warning but the missing login. */
export function publishDryRun(path) {
  const { stderr } = run('npm', ['publish', '--dry-run', path], { cwd: join(path, '..') });
  const warnings = stderr
    .split('\n')
    .filter((line) => /npm warn/i.test(line) && !/requires you to be logged in/.test(line));
  assert.deepEqual(warnings, [], `npm publish --dry-run ${path} warned`);
  assert.match(stderr, /with tag latest and public access \(dry-run\)/);
}

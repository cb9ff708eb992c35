#!/usr/bin/env node
// Runs the tests of @chat/protocol, @chat/server, @chat/local-server and @chat/react on other
// Node versions (the packages say `engines: >=20.19`; CI checks 22 and 24 besides the machine's 20):
//   node scripts/test-node.mjs 22 24          (majors or exact versions)
// Each Node comes from the npm registry's node-<platform>-<arch> package (the official binaries,
// with their headers), unpacked once into node_modules/.cache/chat-node/. better-sqlite3, a native
// addon, is compiled once per Node ABI with npm's node-gyp against those headers (both versions at
// once, ~1 min on two cores) and cached there too; scripts/native-addon-hook.cjs makes the tests
// load that build instead of the one under node_modules/, which stays as it is.
// Prints one "node N: X passed, Y failed" line per version and exits 1 if any failed.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstall } from './ensure-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'node_modules', '.cache', 'chat-node');
const SUITES = ['protocol', 'server', 'local-server', 'react'];
const versions = process.argv.slice(2);
if (versions.length === 0 || versions.some((version) => !/^\d+(\.\d+\.\d+)?$/.test(version))) {
  console.error('Usage: node scripts/test-node.mjs <major or x.y.z>... (e.g. 22 24)');
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The Node binary of `spec` from the registry, unpacked into the cache once. */
function fetchNode(spec) {
  const name = `node-${process.platform}-${process.arch}`;
  mkdirSync(cache, { recursive: true });
  // npm keeps the tarball in its own cache, so asking again costs a metadata request.
  const [packed] = JSON.parse(run('npm', ['pack', `${name}@${spec}`, '--json', '--pack-destination', cache]));
  const dir = join(cache, `node-${packed.version}`);
  if (!existsSync(join(dir, 'bin', 'node'))) {
    const unpack = mkdtempSync(join(cache, 'unpack-'));
    run('tar', ['-xzf', join(cache, packed.filename), '-C', unpack]);
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(unpack, 'package'), dir, { recursive: true });
    rmSync(unpack, { recursive: true, force: true });
  }
  rmSync(join(cache, packed.filename), { force: true });
  const node = join(dir, 'bin', 'node');
  return { node, dir, version: packed.version, abi: run(node, ['-p', 'process.versions.modules']).trim() };
}

const betterSqlite3 = dirname(
  createRequire(join(root, 'packages', 'local-server', 'package.json')).resolve(
    'better-sqlite3/package.json',
  ),
);
const installedAbi = process.versions.modules;

/** Compiles better-sqlite3 for `target` into the cache (unless there); resolves with its path. */
function buildBetterSqlite3(target) {
  const { version } = JSON.parse(readFileSync(join(betterSqlite3, 'package.json'), 'utf8'));
  const binding = join(cache, `better-sqlite3-${version}-abi${target.abi}.node`);
  if (existsSync(binding)) return Promise.resolve(binding);
  const work = mkdtempSync(join(tmpdir(), `better-sqlite3-abi${target.abi}-`));
  const skip = [join(betterSqlite3, 'build'), join(betterSqlite3, 'node_modules')];
  cpSync(betterSqlite3, work, { recursive: true, dereference: true, filter: (from) => !skip.includes(from) });
  const nodeGyp = join(
    run('npm', ['root', '-g']).trim(),
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  );
  console.log(`Compiling better-sqlite3 ${version} for Node ${target.version} (ABI ${target.abi}), once…`);
  return new Promise((resolve, reject) => {
    const child = spawn(target.node, [nodeGyp, 'rebuild', '--release', `--nodedir=${target.dir}`], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk) => {
      errors += chunk;
    });
    child.once('exit', (code) => {
      if (code === 0) copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), binding);
      rmSync(work, { recursive: true, force: true });
      if (code === 0) resolve(binding);
      else reject(new Error(`node-gyp failed for Node ${target.version}:\n${errors.slice(-4000)}`));
    });
  });
}

/** Runs each package's vitest suite on `target`; resolves with the summed counts. */
function runSuites(target, binding) {
  const vitest = join(
    dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')),
    'vitest.mjs',
  );
  const reportDir = mkdtempSync(join(tmpdir(), `chat-node-${target.version}-`));
  const env = {
    ...process.env,
    // Tests that start `node` themselves get this Node too.
    PATH: `${dirname(target.node)}${delimiter}${process.env.PATH}`,
    CHAT_TEST_REPORT_DIR: reportDir,
  };
  if (binding) {
    env.CHAT_BETTER_SQLITE3_BINDING = binding;
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require "${join(root, 'scripts', 'native-addon-hook.cjs')}"`;
  }
  let failedSuites = 0;
  for (const suite of SUITES) {
    console.log(`\n▶ Node ${target.version}: ${suite}`);
    const result = spawnSync(target.node, [vitest, 'run'], {
      cwd: join(root, 'packages', suite),
      env,
      stdio: 'inherit',
    });
    if (result.status !== 0) failedSuites += 1;
  }
  let passed = 0;
  let failed = 0;
  for (const file of readdirSync(reportDir)) {
    const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
  rmSync(reportDir, { recursive: true, force: true });
  // A suite that failed before reporting still counts as a failure.
  return { passed, failed: Math.max(failed, failedSuites) };
}

ensureInstall();
const targets = versions.map(fetchNode);
const bindings = await Promise.all(
  targets.map((target) => (target.abi === installedAbi ? null : buildBetterSqlite3(target))),
);
const results = targets.map((target, i) => ({ target, ...runSuites(target, bindings[i]) }));
console.log('');
for (const { target, passed, failed } of results) {
  console.log(`node ${target.version}: ${passed} passed, ${failed} failed`);
}
process.exit(results.some((result) => result.failed > 0) ? 1 : 0);

#!/usr/bin/env node
// `npm run test:mutations`: plants each known bug (issue 17), one at a time, in a temporary copy of
// the repository, runs the tests of `npm test` that must catch it, and prints which did. Exits 1
// when a bug is not caught, or when a bug's code snippet is no longer in its file (the code moved:
// update the MUTATIONS table below, which is the only place that knows the snippets).
//   npm run test:mutations            every bug
//   npm run test:mutations -- 3 8     only bugs 3 and 8
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split(
  '@',
)[1];

/**
 * Each bug: what it breaks, the edits that plant it (`find` must occur exactly once in `file`; it is
 * replaced by `replace`), and the test files (run by `npm test`, never the fault suite) that must fail.
 */
const MUTATIONS = [
  {
    bug: 1,
    what: 'the local server stores a second message for a known clientId',
    edits: [
      {
        file: 'packages/local-server/src/handlers/sendMessage.ts',
        find: '  if (stored) return { message: toWireMessage(stored, row.name) };\n',
        replace: '',
      },
    ],
    tests: {
      'packages/local-server': ['src/__tests__/messages.test.ts'],
      'packages/react': ['src/core/__tests__/store.retryClientId.test.ts'],
    },
  },
  {
    bug: 2,
    what: 'the same, with the unique index dropped too',
    edits: [
      {
        file: 'packages/local-server/src/handlers/sendMessage.ts',
        find: '  if (stored) return { message: toWireMessage(stored, row.name) };\n',
        replace: '',
      },
      {
        file: 'packages/local-server/src/migrations.ts',
        find: 'PRIMARY KEY (channel_id, idx),\n          UNIQUE (channel_id, author, client_id)\n',
        replace: 'PRIMARY KEY (channel_id, idx)\n',
      },
    ],
    tests: {
      'packages/local-server': ['src/__tests__/messages.test.ts'],
      'packages/react': ['src/core/__tests__/store.retryClientId.test.ts'],
    },
  },
  {
    bug: 3,
    what: 'a non-member reads a private channel',
    edits: [
      {
        file: 'packages/local-server/src/channelAccess.ts',
        find: "if (!row || (row.type === 'private' && !ctx.members.has(row.id, identity))) throw notFound(name);",
        replace: 'if (!row) throw notFound(name);',
      },
    ],
    tests: { 'packages/local-server': ['src/__tests__/channels.test.ts'] },
  },
  {
    bug: 4,
    what: 'a third person is added to a private channel',
    edits: [
      {
        file: 'packages/local-server/src/handlers/membership.ts',
        find: "if (row.type === 'private' && !row.name.split('#').includes(params.identity)) {",
        replace: "if (row.type === 'private' && row.name === '') {",
      },
    ],
    tests: { 'packages/local-server': ['src/__tests__/channels.test.ts'] },
  },
  {
    bug: 5,
    what: "one's own messages count as unread",
    edits: [
      {
        file: 'packages/react/src/core/stateUpdates.ts',
        find: 'const counts = isNew && !mine && !isCurrent',
        replace: 'const counts = isNew && !isCurrent',
      },
    ],
    tests: { 'packages/react': ['src/core/__tests__/store.ownUnread.test.ts'] },
  },
  {
    bug: 6,
    what: "another tab's read is ignored",
    edits: [
      {
        file: 'packages/react/src/core/stateUpdates.ts',
        find: "      case 'readHorizonChanged': {\n",
        replace:
          "      case 'readHorizonChanged': {\n        if (event.type === 'readHorizonChanged') return;\n",
      },
    ],
    tests: { 'packages/react': ['src/core/__tests__/store.channels.test.ts'] },
  },
  {
    bug: 7,
    what: 'no catch-up of the open channel after a reconnect',
    edits: [
      {
        file: 'packages/react/src/core/resync.ts',
        find: '        if (open !== null) await loader.catchUp(open);\n',
        replace: '',
      },
    ],
    tests: { 'packages/react': ['src/core/__tests__/store.catchUp.test.ts'] },
  },
  {
    bug: 8,
    what: 'no gap fetch for the open channel',
    edits: [
      {
        file: 'packages/react/src/core/stateUpdates.ts',
        find: '    if (gap && isCurrent) void loader.fill(message.channel);\n',
        replace: '',
      },
    ],
    tests: { 'packages/react': ['src/core/__tests__/store.gapFetch.test.ts'] },
  },
  {
    bug: 9,
    what: 'a message outside the loaded run is merged anyway',
    edits: [
      {
        file: 'packages/react/src/core/runs.ts',
        find: '  if (message.index > hi + 1) return { messages: entry.messages, stored: null, gap: true };\n',
        replace:
          '  if (message.index > hi + 1) {\n    const merged = mergeMessages(entry.messages, [message]);\n    return { messages: merged.list, stored: merged.merged[0] ?? null, gap: true };\n  }\n',
      },
    ],
    tests: { 'packages/react': ['src/core/__tests__/store.gapFetch.test.ts'] },
  },
  {
    bug: 10,
    what: 'an automatic retry gets a fresh clientId',
    edits: [
      {
        file: 'packages/react/src/core/sendQueue.ts',
        find: '            clientId: job.id,\n',
        replace: '            clientId: job.attempts > 0 ? job.id + "-" + job.attempts : job.id,\n',
      },
    ],
    tests: { 'packages/react': ['src/core/__tests__/store.retryClientId.test.ts'] },
  },
];

const run = (command, args, cwd, options = {}) =>
  spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });

/** Every file git would commit (tracked, or new and not ignored), copied as it is now. */
function copyRepository(into) {
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root);
  if (listed.status !== 0) throw new Error(`mutations: git ls-files failed; ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = join(root, file);
    const to = join(into, file);
    mkdirSync(dirname(to), { recursive: true });
    try {
      cpSync(from, to);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // deleted in the work tree, not yet in the index
    }
  }
  const installed = run(
    'npx',
    ['-y', `pnpm@${PNPM_VERSION}`, 'install', '--frozen-lockfile', '--offline'],
    into,
  );
  if (installed.status !== 0) {
    throw new Error(
      `mutations: pnpm install --offline failed in the copy; run \`npm install\` here first.\n${installed.stdout}${installed.stderr}`,
    );
  }
}

/** Where `find` is in `text`; throws unless it occurs exactly once. */
function locate(bug, file, text, find) {
  const at = text.indexOf(find);
  if (at < 0 || text.indexOf(find, at + 1) >= 0) {
    throw new Error(
      `bug ${bug}: snippet ${at < 0 ? 'not found' : 'found more than once'} in ${file}; update the mutation in scripts/mutations.mjs.`,
    );
  }
  return at;
}

/** Plants a bug's edits in the copy; returns what to restore. Throws when a snippet is not found once. */
function plant({ bug, edits }, copy) {
  const originals = new Map();
  for (const { file, find, replace } of edits) {
    const path = join(copy, file);
    const text = originals.get(path) ?? readFileSync(path, 'utf8');
    const current = readFileSync(path, 'utf8');
    const at = locate(bug, file, current, find);
    originals.set(path, text);
    writeFileSync(path, current.slice(0, at) + replace + current.slice(at + find.length));
  }
  return () => {
    for (const [path, text] of originals) writeFileSync(path, text);
  };
}

/**
 * Runs the bug's tests in the copy, each package's files in one vitest run; returns the tests that
 * failed. A file that did not even run (a planted edit that does not compile) catches nothing: it is
 * reported, so that the mutation gets fixed, but not counted.
 */
function runTests(mutation, copy) {
  const failed = [];
  const broken = [];
  for (const [pkg, files] of Object.entries(mutation.tests)) {
    const report = join(copy, `.mutation-report-${mutation.bug ?? 'baseline'}.json`);
    rmSync(report, { force: true });
    const result = run(
      'npx',
      ['vitest', 'run', '--reporter=json', `--outputFile=${report}`, ...files],
      join(copy, pkg),
      {
        env: { ...process.env, CHAT_TEST_REPORT_DIR: '' },
      },
    );
    let parsed;
    try {
      parsed = JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      broken.push(
        `${pkg}: vitest wrote no report (exit ${result.status}): ${(result.stderr || result.stdout).slice(-500)}`,
      );
      continue;
    }
    for (const file of parsed.testResults) {
      const tests = file.assertionResults.filter((test) => test.status === 'failed');
      for (const test of tests) failed.push(`${pkg}: ${test.fullName}`);
      if (tests.length === 0 && file.status === 'failed') {
        broken.push(`${pkg}/${file.name.slice(join(copy, pkg).length + 1)}: ${file.message.split('\n')[0]}`);
      }
    }
  }
  return { failed, broken };
}

/** Runs the tests once unchanged: a test that fails without any bug proves nothing. */
function checkBaseline(copy, mutations) {
  const byPackage = new Map();
  for (const { tests } of mutations) {
    for (const [pkg, files] of Object.entries(tests)) {
      byPackage.set(pkg, new Set([...(byPackage.get(pkg) ?? []), ...files]));
    }
  }
  const { failed, broken } = runTests(
    { tests: Object.fromEntries([...byPackage].map(([k, v]) => [k, [...v]])) },
    copy,
  );
  const failedIn = [...failed, ...broken];
  if (failedIn.length > 0) {
    console.error(
      `mutations: the tests fail without any planted bug; fix them first.\n  ${failedIn.join('\n  ')}`,
    );
    return false;
  }
  return true;
}

const only = process.argv.slice(2).map(Number);
const chosen = only.length > 0 ? MUTATIONS.filter((m) => only.includes(m.bug)) : MUTATIONS;
if (chosen.length === 0) {
  console.error(`mutations: no bug numbered ${only.join(', ')}; the bugs are 1..${MUTATIONS.length}.`);
  process.exit(2);
}

const copy = mkdtempSync(join(tmpdir(), 'chat-mutations-'));
let exitCode = 0;
try {
  // Every snippet is checked before anything runs, so that a stale table fails at once.
  for (const { bug, edits } of chosen) {
    for (const { file, find } of edits) locate(bug, file, readFileSync(join(root, file), 'utf8'), find);
  }
  console.log(`Copying the repository to ${copy} …`);
  copyRepository(copy);
  console.log('Running the tests once without a bug …');
  const rows = [];
  if (!checkBaseline(copy, chosen)) throw new Error('mutations: no bug was planted.');
  for (const mutation of chosen) {
    process.stdout.write(`bug ${mutation.bug}: ${mutation.what} … `);
    const restore = plant(mutation, copy);
    let outcome;
    try {
      outcome = runTests(mutation, copy);
    } finally {
      restore();
    }
    const caught = outcome.failed.length > 0;
    console.log(caught ? 'caught' : 'NOT CAUGHT');
    rows.push({ ...mutation, caught, ...outcome });
  }
  console.log('\n bug | caught | planted bug                                         | tests that must fail');
  console.log('-----|--------|-----------------------------------------------------|---------------------');
  for (const row of rows) {
    const files = Object.entries(row.tests).flatMap(([pkg, list]) => list.map((f) => `${pkg}/${f}`));
    console.log(
      ` ${String(row.bug).padStart(3)} | ${(row.caught ? 'yes' : 'NO').padEnd(6)} | ${row.what.padEnd(51)} | ${files.join(', ')}`,
    );
    for (const test of row.failed) console.log(`     |        |   failed: ${test}`);
    for (const file of row.broken) console.log(`     |        |   did not run: ${file}`);
  }
  const missed = rows.filter((r) => !r.caught);
  if (missed.length > 0) {
    console.error(`\n✖ ${missed.length} planted bug(s) not caught: ${missed.map((r) => r.bug).join(', ')}`);
    exitCode = 1;
  } else console.log(`\n✔ all ${rows.length} planted bugs caught by tests that npm test runs`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  rmSync(copy, { recursive: true, force: true });
}
process.exit(exitCode);

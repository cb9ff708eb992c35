#!/usr/bin/env node
// The consumer test (`npm run test:consumer`): uses the packages as someone outside this repository
// does. It packs @chat/protocol, @chat/react, @chat/server and @chat/local-server with pnpm (their
// prepack builds them), checks each tarball (manifest, LICENSE, files, no secret), installs them with
// plain npm into a copy of app/ (a `npm create vite` React + TypeScript app, its other dependencies
// pinned by app/package-lock.json) in a temporary folder outside the repository, and then:
// typechecks it and the README samples with skipLibCheck false (and with node10 resolution), builds
// it, imports @chat/react as React Server Components, server rendering and CommonJS do, starts both
// servers with npx, checks their one-line errors, runs the README's headless bot twice, and has two
// people chat in Chromium against the production build.
//   KEEP=1 keeps the temporary folder and prints where it is.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveBuild, twoPeopleChat } from './lib/chat.mjs';
import { run, start, stopAll } from './lib/commands.mjs';
import { checkSecretNeverPacked, checkTarball, PACKAGES, packAll, publishDryRun } from './lib/pack.mjs';
import { copyReadmeSamples } from './lib/samples.mjs';

const work = mkdtempSync(join(tmpdir(), 'chat-consumer-'));
const app = join(work, 'app');
let passed = 0;
let tarballs;

async function step(name, body) {
  const began = Date.now();
  process.stdout.write(`▶ ${name} … `);
  try {
    const note = await body();
    passed += 1;
    console.log(`ok (${((Date.now() - began) / 1000).toFixed(1)} s)${note ? `: ${note}` : ''}`);
  } catch (error) {
    console.log('FAILED');
    throw error;
  }
}

/** A command that must fail: exit code 1 and exactly one line on stderr, matching `message`. */
function expectOneLineError(args, message, env = {}) {
  const { status, stderr } = run('npx', args, { cwd: app, env, allowFailure: true, timeoutMs: 60_000 });
  assert.equal(status, 1, `npx ${args.join(' ')} exited ${status}:\n${stderr}`);
  const lines = stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('npm '));
  assert.equal(lines.length, 1, `npx ${args.join(' ')} wrote ${lines.length} lines:\n${stderr}`);
  assert.match(lines[0], message);
}

async function busyPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

try {
  await step('pack the four packages with pnpm (prepack builds each)', () => {
    tarballs = packAll(join(work, 'packs'));
    return [...tarballs.values()].map((path) => path.slice(work.length + 1)).join(', ');
  });
  await step('each tarball: manifest, LICENSE, the files it names, no config', () => {
    for (const [folder, path] of tarballs) checkTarball(folder, path);
  });
  await step('npm publish --dry-run of each tarball warns of nothing', () => {
    for (const path of tarballs.values()) publishDryRun(path);
  });
  await step('@chat/server with a src/config.ts and an old dist/config.js packs no secret', () => {
    return `${checkSecretNeverPacked(work)} files checked`;
  });

  await step('npm install the tarballs into a fresh Vite React app', () => {
    cpSync(join(import.meta.dirname, 'app'), app, {
      recursive: true,
      filter: (from) => !/[/\\](node_modules|dist)$/.test(from),
    });
    run('npm', ['install', '--no-audit', '--no-fund', ...PACKAGES.map((folder) => tarballs.get(folder))], {
      cwd: app,
    });
  });
  await step('typecheck the app, the Node side and the README samples (skipLibCheck false)', () => {
    const samples = copyReadmeSamples(app);
    run('npx', ['tsc', '-b'], { cwd: app });
    // skipLibCheck true (the default of most setups) must not turn a package's types into `any`.
    run('npx', ['tsc', '-p', 'tsconfig.node.json', '--skipLibCheck'], { cwd: app });
    return `${samples.length} README samples: ${samples.map(([, path]) => path).join(', ')}`;
  });
  await step('typecheck with moduleResolution node10 (typesVersions)', () => {
    run('npx', ['tsc', '-p', 'tsconfig.node10.json'], { cwd: app });
    const { stdout } = run('npx', ['tsc', '-p', 'tsconfig.node10.json', '--traceResolution'], { cwd: app });
    assert.match(
      stdout,
      /Module name '@chat\/react\/local' was successfully resolved to '[^']*\/dist\/backends\/local\.d\.ts'/,
    );
  });
  await step('React Server Components: import @chat/react with --conditions=react-server', () => {
    return run('node', ['--conditions=react-server', 'node/react-server.mjs'], { cwd: app }).stdout.trim();
  });
  await step('server rendering with react-dom/server', () =>
    run('node', ['node/ssr.mjs'], { cwd: app }).stdout.trim(),
  );
  await step('CommonJS: require() every package', () =>
    run('node', ['node/require.cjs'], { cwd: app }).stdout.trim(),
  );

  let tokenUrl;
  let chatUrl;
  await step('start both servers with npx and a --config key file', async () => {
    const keys = {
      twilioAccountSid: `AC${'0123456789abcdef'.repeat(2)}`,
      twilioApiKey: `SK${'fedcba9876543210'.repeat(2)}`,
      twilioApiSecret: 'a-secret-only-this-test-knows',
      serviceSid: `IS${'00112233445566778899aabbccddeeff'}`,
    };
    writeFileSync(join(work, 'keys.json'), JSON.stringify(keys));
    const config = ['--config', join(work, 'keys.json')];
    const token = await start('npx', ['@chat/server', '--port', '0', ...config], {
      cwd: app,
      ready: /"msg":"listening","url":"(http:\/\/[^"]+)"/,
    });
    const local = await start('npx', ['@chat/local-server', '--port', '0', '--db', ':memory:', ...config], {
      cwd: app,
      ready: /^chat-local-server: listening on (http:\/\/\S+)/,
    });
    tokenUrl = `${token.match[1]}/token`;
    chatUrl = local.match[1];
    return `${tokenUrl}, ${chatUrl}`;
  });
  await step('the servers say what is wrong in one line and exit 1', async () => {
    const help = run('npx', ['@chat/server', '--help'], { cwd: app });
    assert.match(help.stdout, /^Usage: chat-server \[options\]/);
    assert.match(run('npx', ['@chat/local-server', '--help'], { cwd: app }).stdout, /--db <file>/);
    const port = new URL(chatUrl).port;
    expectOneLineError(
      ['@chat/local-server', '--port', port],
      new RegExp(`^chat-local-server: port ${port} on 127\\.0\\.0\\.1 is already in use`),
    );
    const busy = await busyPort();
    const taken = String(busy.address().port);
    try {
      expectOneLineError(
        ['@chat/server', '--port', taken],
        new RegExp(`^chat-server: port ${taken} on 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      busy.close();
    }
    expectOneLineError(
      ['@chat/server', '--prot', '1'],
      /^chat-server: Unknown option '--prot'; see chat-server --help$/,
    );
    expectOneLineError(
      ['@chat/local-server', '--port', 'x'],
      /^chat-local-server: --port "x" is not a port number/,
    );
    expectOneLineError(
      ['@chat/server', '--port', '0'],
      /^chat-server: the Twilio keys are incomplete or malformed: TWILIO_ACCOUNT_SID \(twilioAccountSid\) is "AC1"/,
      {
        TWILIO_ACCOUNT_SID: 'AC1',
      },
    );
    expectOneLineError(
      ['@chat/local-server', '--port', '0'],
      /^chat-local-server: set TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_SERVICE_SID/,
      {
        TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      },
    );
  });
  await step("the README's headless bot runs twice against npx @chat/local-server", async () => {
    const local = await start('npx', ['@chat/local-server', '--port', '0', '--db', join(work, 'bot.db')], {
      cwd: app,
      ready: /^chat-local-server: listening on (http:\/\/\S+)/,
    });
    // As copied, but with the URL set to where this server listens (the sample says to set it).
    const bot = join(app, 'bot.mjs');
    const sample = readFileSync(join(app, 'node', 'readme', 'headless.ts'), 'utf8');
    assert.match(sample, /const CHAT_URL = 'http:\/\/127\.0\.0\.1:3002';/);
    writeFileSync(bot, sample.replace("'http://127.0.0.1:3002'", `'${local.match[1]}'`));
    for (const time of ['first', 'second']) {
      const { stdout } = run('node', [bot], { cwd: app, timeoutMs: 60_000 });
      assert.match(stdout, /^sent: deploy finished$/m, `the ${time} run printed:\n${stdout}`);
    }
  });
  await step('build the app for production (vite build) with the two URLs', () => {
    run('npx', ['vite', 'build'], { cwd: app, env: { VITE_TOKEN_URL: tokenUrl, VITE_CHAT_URL: chatUrl } });
  });
  await step('two people chat in Chromium against the build', async () => {
    const site = await serveBuild(join(app, 'dist'));
    try {
      await twoPeopleChat(site.url);
    } finally {
      site.close();
    }
  });
  console.log(`\nconsumer: ${passed} passed, 0 failed`);
} catch (error) {
  console.error(error);
  console.log(`\nconsumer: ${passed} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await stopAll();
  if (process.env.KEEP) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

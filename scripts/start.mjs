#!/usr/bin/env node
// `npm start`: installs what is missing, builds the two servers, then runs the token server, the local
// chat server (data in .chat-data/) and the example app's Vite dev server, prints the one URL to open,
// and on Ctrl-C stops all three. Ports: TOKEN_PORT (3001), LOCAL_CHAT_PORT (3002), APP_PORT (5173).
// CHAT_BACKEND=twilio-conversations (or twilio-chat) runs the app on that Twilio backend, against the
// local server's Twilio emulator (no account), or against Twilio itself with TWILIO_EMULATOR=off.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureInstall, pnpm } from './ensure-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

function readPort(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`${name}=${raw} is not a port number (1-65535).`);
  return port;
}

const BACKENDS = ['local', 'twilio-conversations', 'twilio-chat'];

/** CHAT_BACKEND, checked; null when unset (then examples/basic/.env.local decides). */
function readBackend() {
  const raw = (process.env.CHAT_BACKEND ?? '').trim();
  if (raw === '') return null;
  if (!BACKENDS.includes(raw)) fail(`CHAT_BACKEND=${raw} is not one of ${BACKENDS.join(', ')}.`);
  return raw;
}

/** TWILIO_EMULATOR: on unless `off`/`0`/`false` (then the app talks to Twilio with real keys). */
function readEmulator() {
  const raw = (process.env.TWILIO_EMULATOR ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'on' || raw === '1' || raw === 'true') return true;
  if (raw === 'off' || raw === '0' || raw === 'false') return false;
  fail(`TWILIO_EMULATOR=${process.env.TWILIO_EMULATOR} must be on or off.`);
}

function fail(message) {
  console.error(`\nnpm start: ${message}`);
  process.exit(1);
}

/** Resolves when `port` can be bound on 127.0.0.1, or exits with a message saying what to do. */
function assertPortFree(port, what, envName) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => {
      const why = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${error.code})`;
      fail(
        `port ${port} for the ${what} ${why}. Stop whatever uses it (an earlier \`npm start\`?), ` +
          `or choose another port, e.g. ${envName}=${port + 100} npm start`,
      );
    });
    probe.listen(port, HOST, () => probe.close(resolve));
  });
}

/** Newest modification time under `dir` (tests excluded), to tell whether a build is stale. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '__tests__') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild(pkgDir, entry = 'main.js') {
  const main = join(pkgDir, 'dist', entry);
  return !existsSync(main) || newestMtime(join(pkgDir, 'src')) > statSync(main).mtimeMs;
}

const COLORS = { token: 35, local: 36, app: 32 };
const children = [];
let stopping = false;

/** Starts a child in its own process group (so stopping it also stops its children) with prefixed output. */
function run(name, args, { cwd, env }) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = process.stdout.isTTY ? `\x1b[${COLORS[name]}m[${name}]\x1b[0m ` : `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(prefix + line));
  }
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.exited.then(({ code, signal }) => {
    if (stopping) return;
    console.error(
      `\nnpm start: the ${name} process stopped unexpectedly (${signal ?? `exit code ${code}`}).`,
    );
    void stopAll(1);
  });
  child.label = name;
  children.push(child);
  return child;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already: nothing left to stop.
  }
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
  if (alive.length > 0) console.log('\nStopping the token server, the local chat server and the app…');
  for (const child of alive) killGroup(child, 'SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout'));
  const result = await Promise.race([Promise.all(alive.map((child) => child.exited)), timeout]);
  if (result === 'timeout') {
    for (const child of alive) killGroup(child, 'SIGKILL');
  }
  process.exit(exitCode);
}

/** Polls `url` until it answers with any HTTP status (or the child dies, or the time is up). */
async function waitForHttp(url, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  fail(
    `the ${child.label} did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s; see its output above.`,
  );
}

async function main() {
  ensureInstall();

  const backend = readBackend();
  const emulator = readEmulator();
  const tokenPort = readPort('TOKEN_PORT', 3001);
  const localPort = readPort('LOCAL_CHAT_PORT', 3002);
  const appPort = readPort('APP_PORT', 5173);
  await assertPortFree(tokenPort, 'token server', 'TOKEN_PORT');
  await assertPortFree(localPort, 'local chat server', 'LOCAL_CHAT_PORT');
  await assertPortFree(appPort, 'example app', 'APP_PORT');

  const serverDir = join(root, 'packages', 'server');
  const localDir = join(root, 'packages', 'local-server');
  const protocolDir = join(root, 'packages', 'protocol');
  if (needsBuild(serverDir) || needsBuild(localDir) || needsBuild(protocolDir, 'index.js')) {
    console.log('Building @chat/server and @chat/local-server (and @chat/protocol, which they import)…');
    // `...` builds what they depend on first.
    const code = pnpm(['--filter', '@chat/server...', '--filter', '@chat/local-server...', 'run', 'build']);
    if (code !== 0) fail('the build failed; see the output above.');
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));
  // Last resort if this process dies another way: never leave servers behind.
  process.on('exit', () => {
    for (const child of children) if (child.exitCode === null) killGroup(child, 'SIGKILL');
  });

  const tokenUrl = `http://${HOST}:${tokenPort}`;
  const localUrl = `http://${HOST}:${localPort}`;
  const appUrl = `http://${HOST}:${appPort}/`;

  const token = run('token', ['dist/main.js'], { cwd: serverDir, env: { PORT: String(tokenPort) } });
  // cwd is the repository root so the local server keeps its data in <repo>/.chat-data/.
  const local = run('local', [join(localDir, 'dist', 'main.js')], {
    cwd: root,
    env: { PORT: String(localPort), CHAT_DB: process.env.CHAT_DB || join(root, '.chat-data', 'chat.db') },
  });
  const exampleDir = join(root, 'examples', 'basic');
  const viteBin = join(
    dirname(createRequire(join(exampleDir, 'package.json')).resolve('vite/package.json')),
    'bin',
    'vite.js',
  );
  // Only non-default ports are injected, so a VITE_* value in examples/basic/.env.local still wins otherwise.
  const appEnv = {};
  if (tokenPort !== 3001) appEnv.VITE_TOKEN_URL = `${tokenUrl}/token`;
  if (localPort !== 3002) appEnv.VITE_LOCAL_CHAT_URL = localUrl;
  if (backend) appEnv.VITE_CHAT_BACKEND = backend;
  // A Twilio backend talks to the local server's Twilio emulator, whose client options the app
  // derives from this URL; empty means Twilio itself (the token server then needs real keys).
  if (backend?.startsWith('twilio')) appEnv.VITE_TWILIO_EMULATOR_URL = emulator ? localUrl : '';
  const app = run(
    'app',
    [viteBin, '--host', HOST, '--port', String(appPort), '--strictPort', '--logLevel', 'warn'],
    {
      cwd: exampleDir,
      env: appEnv,
    },
  );

  const ready = await Promise.all([
    waitForHttp(`${tokenUrl}/healthz`, token),
    waitForHttp(`${localUrl}/healthz`, local),
    waitForHttp(appUrl, app),
  ]);
  if (ready.includes(false)) return; // a child died; its exit handler is stopping the rest

  const on =
    backend === null || backend === 'local'
      ? ''
      : ` on ${backend === 'twilio-chat' ? 'twilio-chat' : 'Twilio Conversations'} (${emulator ? "the local server's Twilio emulator, no account" : 'Twilio itself'})`;
  console.log(
    `\n  Chat is running${on}. Open ${appUrl}\n` +
      '  Use two tabs or windows, signed in as two names, to chat with yourself. Ctrl-C stops everything.\n',
  );
}

main().catch((error) => {
  console.error(error);
  void stopAll(1);
});

// Starts everything the example app needs on free ports, in this process: the token server
// (@chat/server), the local chat server (@chat/local-server, SQLite file in a temp dir) and the app
// (Vite dev server pointed at both through VITE_* env vars). The servers are imported from their
// built dist, rebuilt first when their sources are newer.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpm } from '../../../scripts/ensure-install.mjs';

const HOST = '127.0.0.1';
export const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(exampleDir, '..', '..', 'packages');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '__tests__') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(pkg) {
  const entry = join(packagesDir, pkg, 'dist', 'index.js');
  return !existsSync(entry) || newestMtime(join(packagesDir, pkg, 'src')) > statSync(entry).mtimeMs;
}

/**
 * Builds @chat/server and @chat/local-server (and @chat/protocol, which they import) when a dist is
 * missing or older than its sources.
 */
export function buildServersIfStale() {
  if (!isStale('protocol') && !isStale('server') && !isStale('local-server')) return;
  const code = pnpm(['--filter', '@chat/server...', '--filter', '@chat/local-server...', 'run', 'build'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (code !== 0)
    throw new Error('Building @chat/server and @chat/local-server failed; see the output above.');
}

/** A port that was free a moment ago (for Vite, which needs a fixed port to tell the browser). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Only trouble is worth printing during a test run.
const localLogger = {
  info() {},
  error: (message, error) => console.error(`[local-server] ${message}`, error ?? ''),
};
const tokenLogger = {
  info() {},
  warn() {},
  error: (message, fields) => console.error(`[token-server] ${message}`, fields ?? ''),
};

/**
 * Starts the token server, the local chat server and the app. Returns their URLs, `restartLocal()`
 * (close the local server, then start it again on the same port and database file) and `close()`.
 * `backend` is the app's: `local`, or `twilio-conversations` on the local server's Twilio emulator.
 * `production` serves a production build (`vite build`, then `vite preview`) instead of the dev server.
 */
export async function startStack({ backend = 'local', production = false } = {}) {
  buildServersIfStale();
  const { createApp, devKeys } = await import('@chat/server');
  const { createLocalServer } = await import('@chat/local-server');
  const { build, createServer: createViteServer, preview } = await import('vite');

  const dataDir = await mkdtemp(join(tmpdir(), 'chat-e2e-data-'));
  const dbPath = join(dataDir, 'chat.db');
  const appPort = await freePort();
  const appUrl = `http://${HOST}:${appPort}`;

  const tokenServer = createApp({
    keys: devKeys,
    corsOrigins: [appUrl],
    logger: tokenLogger,
    rateLimit: false,
  }).listen(0, HOST);
  await new Promise((resolve, reject) => tokenServer.once('listening', resolve).once('error', reject));
  const tokenUrl = `http://${HOST}:${tokenServer.address().port}/token`;

  const startLocal = (port) =>
    createLocalServer({ port, host: HOST, dbPath, keys: devKeys, logger: localLogger });
  let local = await startLocal(0);
  const localPort = Number(new URL(local.url).port);

  // Vite puts process.env VITE_* above any .env file, so a developer's .env.local cannot redirect the test.
  process.env.VITE_CHAT_BACKEND = backend;
  process.env.VITE_TOKEN_URL = tokenUrl;
  process.env.VITE_LOCAL_CHAT_URL = local.url;
  process.env.VITE_TWILIO_EMULATOR_URL = backend === 'local' ? '' : local.url;
  const viteOptions = {
    root: exampleDir,
    configFile: join(exampleDir, 'vite.config.ts'),
    cacheDir: join(exampleDir, 'node_modules', `.vite-e2e-${backend}`),
    logLevel: 'warn',
    clearScreen: false,
  };
  const outDir = join(dataDir, 'dist');
  let app;
  if (production) {
    await build({ ...viteOptions, build: { outDir, emptyOutDir: true } });
    app = await preview({
      ...viteOptions,
      build: { outDir },
      preview: { host: HOST, port: appPort, strictPort: true },
    });
  } else {
    app = await createViteServer({
      ...viteOptions,
      server: { host: HOST, port: appPort, strictPort: true, hmr: false },
    });
    await app.listen();
  }

  return {
    appUrl,
    tokenUrl,
    get localUrl() {
      return local.url;
    },
    /** Open twilsock sockets on the local server's Twilio emulator (the Twilio SDKs' connections). */
    get twilioConnections() {
      return local.twilio?.connectionCount ?? 0;
    },
    async stopLocal() {
      await local.close();
    },
    async startLocalAgain() {
      local = await startLocal(localPort);
    },
    async close() {
      await app.close();
      await local.close().catch(() => undefined); // already closed when a restart step failed midway
      tokenServer.closeAllConnections();
      await new Promise((resolve) => tokenServer.close(resolve));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// Two people chatting in the consumer app's production build, each in their own headless Chromium.
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Serves a Vite build (`dist/`) on 127.0.0.1 and a free port, as any static host would. */
export async function serveBuild(dist) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(dist, path);
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(dist, 'index.html');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

async function openPerson(name, appUrl) {
  const profile = mkdtempSync(join(tmpdir(), `chat-consumer-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${name} console: ${message.text()}`);
  });
  await page.goto(appUrl);
  await page.getByLabel('your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByTestId('state')
    .filter({ hasText: /^connected$/ })
    .waitFor();
  return {
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Alice opens a 1:1 chat with Bob and writes; Bob sees it unread, opens it and answers. */
export async function twoPeopleChat(appUrl) {
  const alice = await openPerson('alice', appUrl);
  const bob = await openPerson('bob', appUrl);
  try {
    await alice.page.getByLabel('chat with').fill('bob');
    await alice.page.getByRole('button', { name: 'Open chat' }).click();
    await alice.page.getByRole('region', { name: 'chat alice#bob' }).waitFor();
    await alice.page.getByLabel('new message').fill('hello bob');
    await alice.page.getByRole('button', { name: 'Send' }).click();
    await alice.page.locator('li[data-status="sent"]', { hasText: 'alice: hello bob' }).waitFor();

    await bob.page.getByRole('button', { name: 'alice#bob (1)' }).click();
    await bob.page.getByRole('listitem').filter({ hasText: 'alice: hello bob' }).waitFor();
    await bob.page.getByLabel('new message').fill('hi alice');
    await bob.page.getByRole('button', { name: 'Send' }).click();

    await alice.page.getByRole('listitem').filter({ hasText: 'bob: hi alice' }).waitFor();
    const shown = await alice.page
      .getByRole('list', { name: 'messages' })
      .getByRole('listitem')
      .allTextContents();
    assert.deepEqual(shown, ['alice: hello bob', 'bob: hi alice']);
    assert.deepEqual([...alice.errors, ...bob.errors], []);
  } finally {
    await alice.close();
    await bob.close();
  }
}

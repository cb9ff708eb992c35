// Two people = two Chromium instances, each with a fresh user-data dir: nothing is shared between them.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { exampleDir } from './stack.mjs';

export const resultsDir = join(exampleDir, 'test-results');
let shots = 0; // shared by both people, so the files sort in the order the steps happened

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Opens a browser for one person at `appUrl`; `errors` collects uncaught page errors. */
export async function openPerson(name, appUrl, { viewport = { width: 1024, height: 720 } } = {}) {
  const profile = await mkdtemp(join(tmpdir(), `chat-e2e-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport,
    acceptDownloads: true,
    timeout: 30_000,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (error) => {
    errors.push(error);
    console.error(`[${name} page error] ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[${name} console] ${message.text()}`);
  });
  await page.goto(appUrl);
  return {
    name,
    page,
    context,
    errors,
    /** Saves a screenshot of this person's page into test-results/ (a CI artifact, never committed). */
    async screenshot(step) {
      await mkdir(resultsDir, { recursive: true });
      shots += 1;
      await page.screenshot({
        path: join(resultsDir, `${String(shots).padStart(2, '0')}-${name}-${step}.png`),
      });
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Retries `assertion` until it passes or `timeout` ms have gone by (then throws its last error):
 * the polling `expect` of @playwright/test, for plain node:assert.
 */
export async function eventually(assertion, { timeout = 10_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}

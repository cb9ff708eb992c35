// The example app as a person sees it, through the accessible names the issue fixes (and nothing else).
import assert from 'node:assert/strict';
import { eventually } from './browser.mjs';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const status = (page) => page.getByRole('status');
export const log = (page) => page.getByRole('log', { name: 'Messages' });
export const messageBox = (page) => page.getByRole('textbox', { name: 'Message', exact: true });

/** The button of a channel in "Group channels" or "Private channels"; its name starts with the label. */
export function channelButton(page, list, label) {
  return page
    .getByRole('list', { name: list })
    .getByRole('button', { name: new RegExp(`^${escapeRegExp(label)}\\b`) });
}

/** Waits until the channel shown is the one labelled `label` (a click switches after the next render). */
export async function waitInChannel(page, label) {
  await page.getByRole('region', { name: `Channel ${label}`, exact: true }).waitFor();
}

/** Opens a channel from its list and waits until it shows. */
export async function openChannel(page, list, label) {
  await channelButton(page, list, label).click();
  await waitInChannel(page, label);
}

export const unreadBadge = (button, count) =>
  button.getByRole('img', { name: `${count} unread`, exact: true });

/** Messages in the open channel whose body is exactly `text`. */
export const messagesWithText = (page, text) => log(page).getByText(text, { exact: true });

export async function waitConnected(page, timeout = 10_000) {
  await eventually(async () => assert.match(await status(page).textContent(), /\bConnected\b/), { timeout });
}

export async function signIn(page, name) {
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitConnected(page);
}

export async function send(page, text) {
  await messageBox(page).fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/**
 * How long a message must stay single before "exactly once" holds: a duplicate (a resent copy, a
 * page merged twice) shows a moment after the original, never in the same frame, so the first
 * sighting alone proves nothing. Long enough for the store's batch, a render and a server round trip.
 */
export const SETTLE_MS = 750;

async function shownOnce(page, text) {
  const items = messagesWithText(page, text);
  assert.equal(await items.count(), 1, `"${text}" should show exactly once`);
  const item = page.getByRole('listitem').filter({ has: items });
  assert.equal(await item.getByText('Sending…').count(), 0, `"${text}" is still pending`);
}

/**
 * Waits until `text` shows exactly once in the open channel and is no longer pending, then waits
 * SETTLE_MS and checks again, so a duplicate rendered a moment later fails it. With `reload`, the
 * page is then reloaded and the channel shown afresh (from what the server stored and the store
 * merged on load) must hold it exactly once too.
 */
export async function seeOnce(page, text, { timeout = 10_000, reload = false } = {}) {
  await eventually(() => shownOnce(page, text), { timeout });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  await shownOnce(page, text);
  if (!reload) return;
  const channel = await page.getByRole('region', { name: /^Channel / }).getAttribute('aria-label');
  await page.reload();
  await waitConnected(page);
  await page.getByRole('region', { name: channel, exact: true }).waitFor();
  await seeOnce(page, text, { timeout });
}

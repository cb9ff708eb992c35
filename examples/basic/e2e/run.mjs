// Browser tests of the example app: two people (two Chromium instances) chat through the real token
// server, the real local chat server (SQLite) and the app served by Vite, all on free ports: once on
// the local backend, once on Twilio Conversations (the real SDK, on the local server's Twilio
// emulator); then a group managed and messages fixed at 1,280 px, every screen audited with axe-core
// (WCAG 2 A and AA). `npm run test:e2e` from the repository root; screenshots of key steps go to
// test-results/.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { audit } from './a11y.mjs';
import { eventually, openPerson } from './browser.mjs';
import { startStack } from './stack.mjs';
import {
  channelButton,
  log,
  messageBox,
  messagesWithText,
  openChannel,
  seeOnce,
  send,
  signIn,
  status,
  unreadBadge,
  waitConnected,
  waitInChannel,
} from './ui.mjs';

const GROUP = 'team';

for (const backend of ['local', 'twilio-conversations']) {
  twoPeople(backend);
  manageAndFix(backend);
}
productionBuild('twilio-conversations');

/** The messages listed in the open channel, top to bottom, as their visible text. */
const listTexts = (page) => log(page).getByRole('listitem').allInnerTexts();

/**
 * A group managed from the members panel and the header (add, remove, rename, leave) and messages
 * fixed after sending (edit, delete), with read receipts and the unread divider, at a 1,280 px wide
 * window; every screen passes the accessibility audit (axe-core, WCAG 2 A and AA).
 */
function manageAndFix(backend) {
  let stack;
  let alice;
  let bob;
  const crew = 'crew';
  const viewport = { width: 1280, height: 800 };

  describe(`example app in Chromium, managing a group and fixing messages, on ${backend}`, {
    timeout: 240_000,
  }, () => {
    before(
      async () => {
        stack = await startStack({ backend });
        [alice, bob] = await Promise.all([
          openPerson(`alice-manage-${backend}`, stack.appUrl, { viewport }),
          openPerson(`bob-manage-${backend}`, stack.appUrl, { viewport }),
        ]);
      },
      { timeout: 180_000 },
    );

    after(async () => {
      await Promise.allSettled([alice?.close(), bob?.close()]);
      await stack?.close();
    });

    it('the sign-in screen passes the accessibility audit', async () => {
      await alice.page.getByRole('textbox', { name: 'Your name' }).waitFor();
      await audit(alice.page, 'sign-in');
      await Promise.all([signIn(alice.page, 'alice'), signIn(bob.page, 'bob')]);
    });

    it('alice creates a group and adds bob, then carol; only she, the creator, may remove members', async () => {
      await alice.page.getByRole('textbox', { name: 'Group name' }).fill(crew);
      await alice.page.getByRole('button', { name: 'Create group' }).click();
      await waitInChannel(alice.page, crew);
      await audit(alice.page, 'chat');

      const panel = (page) => page.getByRole('complementary', { name: 'Members panel' });
      const members = (page) => page.getByRole('list', { name: 'Members' });
      await panel(alice.page).getByRole('textbox', { name: 'Add member' }).fill('bob');
      await panel(alice.page).getByRole('button', { name: 'Add', exact: true }).click();
      await members(alice.page).getByText('bob', { exact: true }).waitFor();
      // bob sees the group at once, without joining.
      await openChannel(bob.page, 'Group channels', crew);

      await panel(alice.page).getByRole('textbox', { name: 'Add member' }).fill('carol');
      await panel(alice.page).getByRole('button', { name: 'Add', exact: true }).click();
      await members(bob.page).getByText('carol', { exact: true }).waitFor();
      await members(alice.page).getByText('carol', { exact: true }).waitFor();
      assert.equal(await panel(alice.page).getByRole('textbox', { name: 'Add member' }).inputValue(), '');

      // The creator has "Remove" beside every other member; bob has none.
      await alice.page.getByRole('button', { name: 'Remove bob' }).waitFor();
      await alice.page.getByRole('button', { name: 'Remove carol' }).waitFor();
      assert.equal(await bob.page.getByRole('button', { name: /^Remove / }).count(), 0);
      await alice.screenshot('members-panel');

      // The whole panel fits a 1,280 px window: its last column (Remove) ends inside the viewport.
      for (const name of ['Message carol privately', 'Remove carol', 'Add', 'Leave group']) {
        const box = await panel(alice.page).getByRole('button', { name, exact: true }).boundingBox();
        assert.ok(box, `"${name}" is shown`);
        assert.ok(
          box.x >= 0 && box.x + box.width <= viewport.width,
          `"${name}" ends at ${box.x + box.width}`,
        );
      }
      await audit(alice.page, 'members panel');
    });

    it('a name the server refuses shows as an error, and the typed name stays to fix', async () => {
      const input = alice.page.getByRole('textbox', { name: 'Add member' });
      await input.fill('dave#1');
      await alice.page.getByRole('button', { name: 'Add', exact: true }).click();
      await alice.page
        .getByRole('complementary', { name: 'Members panel' })
        .getByRole('alert')
        .filter({ hasText: 'not a name someone can have' })
        .waitFor();
      assert.equal(await input.inputValue(), 'dave#1');
      await audit(alice.page, 'members panel with an error');
      await input.fill('');
    });

    it('alice removes carol: she leaves both lists at once', async () => {
      await alice.page.getByRole('button', { name: 'Remove carol' }).click();
      for (const page of [alice.page, bob.page]) {
        await page
          .getByRole('list', { name: 'Members' })
          .getByText('carol', { exact: true })
          .waitFor({ state: 'detached' });
      }
      await alice.page.getByRole('heading', { name: 'Members (2)' }).waitFor();
    });

    it('bob renames the group in place; alice sees the new name and description at once', async () => {
      await bob.page.getByRole('button', { name: 'Rename', exact: true }).click();
      const form = bob.page.getByRole('form', { name: 'Rename group' });
      // A blank name is refused in the form, which stays open with what was typed.
      await form.getByRole('textbox', { name: 'Name', exact: true }).fill('   ');
      await form.getByRole('textbox', { name: 'Description' }).fill('Boat trip planning');
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByRole('alert').filter({ hasText: 'Give the group a name' }).waitFor();
      assert.equal(
        await form.getByRole('textbox', { name: 'Description' }).inputValue(),
        'Boat trip planning',
      );

      await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Crew HQ');
      await form.getByRole('button', { name: 'Save' }).click();
      await waitInChannel(bob.page, 'Crew HQ');
      await eventually(async () =>
        assert.equal(await bob.page.evaluate(() => document.activeElement?.textContent), 'Rename'),
      );
      await waitInChannel(alice.page, 'Crew HQ');
      await alice.page.getByText('Boat trip planning').waitFor();
      await channelButton(alice.page, 'Group channels', 'Crew HQ').waitFor();
    });

    it('bob edits his message: everyone sees the new text once, marked "(edited)"', async () => {
      await send(bob.page, 'see you at 9');
      await seeOnce(alice.page, 'see you at 9');
      const mine = log(bob.page).getByRole('listitem').filter({ hasText: 'see you at 9' });
      // alice has the channel open, so she reads it: bob sees it under his message.
      await mine.getByText('Seen by alice', { exact: true }).waitFor();
      // Only the author can change a message: alice has no Edit or Delete on it.
      const hers = log(alice.page).getByRole('listitem').filter({ hasText: 'see you at 9' });
      assert.equal(await hers.getByRole('button', { name: /message$/ }).count(), 0);

      await mine.getByRole('button', { name: 'Edit message' }).click();
      const box = log(bob.page).getByRole('textbox', { name: 'Message text' });
      assert.equal(await box.inputValue(), 'see you at 9');
      await audit(bob.page, 'edit state');
      // An empty text is refused in place; Escape then gives up, the message unchanged, and the
      // keyboard focus is back on "Edit message".
      await box.fill('');
      await log(bob.page).getByRole('button', { name: 'Save' }).click();
      // (While it is edited, the text is in the box rather than in the item's text: find it by the box.)
      const editing = log(bob.page).getByRole('form', { name: 'Edit message' });
      await editing.getByRole('alert').filter({ hasText: 'needs some text' }).waitFor();
      await box.press('Escape');
      await box.waitFor({ state: 'detached' });
      await seeOnce(bob.page, 'see you at 9');
      assert.equal(
        await bob.page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
        'Edit message',
      );

      await mine.getByRole('button', { name: 'Edit message' }).click();
      await box.fill('see you at 10');
      await log(bob.page).getByRole('button', { name: 'Save' }).click();

      for (const page of [alice.page, bob.page]) {
        await seeOnce(page, 'see you at 10');
        assert.equal(await messagesWithText(page, 'see you at 9').count(), 0);
        await log(page)
          .getByRole('listitem')
          .filter({ hasText: 'see you at 10' })
          .getByText('(edited)', { exact: true })
          .waitFor();
      }
      await bob.screenshot('edited');
    });

    it('bob deletes a message after confirming; it disappears for both, and "Seen by" moves back', async () => {
      await send(bob.page, 'oops, wrong group');
      await seeOnce(alice.page, 'oops, wrong group');
      const doomed = log(bob.page).getByRole('listitem').filter({ hasText: 'oops, wrong group' });
      await doomed.getByText('Seen by alice', { exact: true }).waitFor();

      // Cancel keeps it.
      await doomed.getByRole('button', { name: 'Delete message' }).click();
      const dialog = bob.page.getByRole('alertdialog', { name: 'Delete this message?' });
      await dialog.waitFor();
      await audit(bob.page, 'delete dialog');
      await bob.screenshot('delete-dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await seeOnce(bob.page, 'oops, wrong group');
      const focused = () => bob.page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      assert.equal(await focused(), 'Delete message', 'the focus returns to where it was');
      // Escape cancels too.
      await doomed.getByRole('button', { name: 'Delete message' }).click();
      await dialog.waitFor();
      await bob.page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await seeOnce(bob.page, 'oops, wrong group');

      await doomed.getByRole('button', { name: 'Delete message' }).click();
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      for (const page of [alice.page, bob.page]) {
        await messagesWithText(page, 'oops, wrong group').waitFor({ state: 'detached' });
      }
      await log(bob.page)
        .getByRole('listitem')
        .filter({ hasText: 'see you at 10' })
        .getByText('Seen by alice', { exact: true })
        .waitFor();
      assert.equal(
        await log(bob.page)
          .getByText(/^Seen by/)
          .count(),
        1,
        'only under the newest seen',
      );
    });

    it('opening a channel with unread messages shows "New messages" above the first unread one', async () => {
      // alice looks elsewhere (her private chat with bob) while bob writes in the group.
      await alice.page.getByRole('button', { name: 'Message bob privately' }).click();
      await waitInChannel(alice.page, 'bob');
      // More than a screenful, so that the divider is off screen unless the list starts there.
      await send(bob.page, 'first unread');
      for (let n = 1; n <= 18; n += 1) await send(bob.page, `unread filler ${n}`);
      await send(bob.page, 'second unread');
      await seeOnce(bob.page, 'second unread');
      const group = channelButton(alice.page, 'Group channels', 'Crew HQ');
      await unreadBadge(group, 20).waitFor();

      await openChannel(alice.page, 'Group channels', 'Crew HQ');
      await seeOnce(alice.page, 'second unread');
      const texts = await listTexts(alice.page);
      const divider = texts.indexOf('New messages');
      assert.ok(divider >= 0, `a "New messages" divider in ${JSON.stringify(texts)}`);
      assert.match(texts[divider + 1] ?? '', /first unread/);
      assert.match(texts[divider - 1] ?? '', /see you at 10/);
      assert.equal(texts.filter((text) => text === 'New messages').length, 1);
      // The list opens at the divider, not at the bottom.
      const shown = await log(alice.page).boundingBox();
      const line = await log(alice.page).getByText('New messages', { exact: true }).boundingBox();
      assert.ok(
        line && line.y >= shown.y && line.y + line.height <= shown.y + shown.height,
        `"New messages" at ${line?.y} is inside the list (${shown.y}–${shown.y + shown.height})`,
      );
      await alice.screenshot('new-messages');
      await audit(alice.page, 'chat with unread divider');

      // Read now: bob's newest message shows who saw it.
      await log(bob.page)
        .getByRole('listitem')
        .filter({ hasText: 'second unread' })
        .getByText('Seen by alice', { exact: true })
        .waitFor();
    });

    it('"Seen by" names up to three readers, and counts more', async () => {
      // Three more people, each in a tab of alice's browser (the session is per tab), added by alice.
      const others = ['carol', 'dave', 'erin'];
      for (const name of others) {
        await alice.page.getByRole('textbox', { name: 'Add member' }).fill(name);
        await alice.page.getByRole('button', { name: 'Add', exact: true }).click();
        await alice.page.getByRole('list', { name: 'Members' }).getByText(name, { exact: true }).waitFor();
      }
      await send(bob.page, 'who is reading?');
      const mine = log(bob.page).getByRole('listitem').filter({ hasText: 'who is reading?' });
      await mine.getByText('Seen by alice', { exact: true }).waitFor();

      const tabs = [];
      try {
        for (const name of others) {
          const tab = await alice.context.newPage();
          tabs.push(tab);
          await tab.goto(stack.appUrl);
          await signIn(tab, name);
          await openChannel(tab, 'Group channels', 'Crew HQ');
          await seeOnce(tab, 'who is reading?');
          if (name === 'dave')
            await mine.getByText('Seen by alice, carol, and dave', { exact: true }).waitFor();
        }
        await mine.getByText('Seen by 4 people', { exact: true }).waitFor();
        assert.equal(
          await log(bob.page)
            .getByText(/^Seen by/)
            .count(),
          1,
          'only under the newest seen',
        );
      } finally {
        await Promise.allSettled(tabs.map((tab) => tab.close()));
      }
    });

    it('bob leaves the group: it leaves his list, and alice sees him go', async () => {
      await bob.page.getByRole('button', { name: 'Leave group' }).click();
      await channelButton(bob.page, 'Group channels', 'Crew HQ').waitFor({ state: 'detached' });
      await alice.page
        .getByRole('list', { name: 'Members' })
        .getByText('bob', { exact: true })
        .waitFor({ state: 'detached' });
    });

    it('raised no uncaught errors in either page', () => {
      assert.deepEqual([...alice.errors, ...bob.errors].map(String), []);
    });
  });
}

/**
 * The production build (`vite build`) on a Twilio backend: the SDKs are CommonJS, bundled by
 * Rolldown rather than pre-bundled by the dev server, so they are proven in the build too.
 */
function productionBuild(backend) {
  let stack;
  let alice;
  let bob;

  describe(`example app in Chromium, production build, on ${backend}`, { timeout: 120_000 }, () => {
    before(
      async () => {
        stack = await startStack({ backend, production: true });
        [alice, bob] = await Promise.all([
          openPerson(`alice-build-${backend}`, stack.appUrl),
          openPerson(`bob-build-${backend}`, stack.appUrl),
        ]);
      },
      { timeout: 120_000 },
    );

    after(async () => {
      await Promise.allSettled([alice?.close(), bob?.close()]);
      await stack?.close();
    });

    it('two people chat in a group, with a file', async () => {
      await Promise.all([signIn(alice.page, 'alice'), signIn(bob.page, 'bob')]);
      assert.equal(stack.twilioConnections, 2);
      await alice.page.getByRole('textbox', { name: 'Group name' }).fill(GROUP);
      await alice.page.getByRole('button', { name: 'Create group' }).click();
      await waitInChannel(alice.page, GROUP);
      await alice.page.getByRole('textbox', { name: 'Add member' }).fill('bob');
      await alice.page.getByRole('button', { name: 'Add', exact: true }).click();
      await openChannel(bob.page, 'Group channels', GROUP);
      await send(alice.page, 'built for production');
      await seeOnce(bob.page, 'built for production');
      await send(bob.page, 'and it works');
      await seeOnce(alice.page, 'and it works');
      await bob.page
        .getByLabel('Attach file')
        .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('built\n') });
      await log(alice.page)
        .getByRole('link', { name: /notes\.txt/ })
        .waitFor();
    });

    it('raised no uncaught errors in either page', () => {
      assert.deepEqual([...alice.errors, ...bob.errors].map(String), []);
    });
  });
}

function twoPeople(backend) {
  let stack;
  let alice;
  let bob;
  // Conversations has no public groups: a member adds you instead of you joining by name.
  const publicGroups = backend === 'local';

  describe(`example app in Chromium, two people, on ${backend}`, { timeout: 240_000 }, () => {
    before(
      async () => {
        stack = await startStack({ backend });
        [alice, bob] = await Promise.all([
          openPerson(`alice-${backend}`, stack.appUrl),
          openPerson(`bob-${backend}`, stack.appUrl),
        ]);
      },
      { timeout: 180_000 },
    );

    after(async () => {
      await Promise.allSettled([alice?.close(), bob?.close()]);
      await stack?.close();
    });

    it('signs both people in and says "Connected"', async () => {
      await Promise.all([signIn(alice.page, 'alice'), signIn(bob.page, 'bob')]);
      assert.match(await status(alice.page).textContent(), /Connected as alice/);
      // Each page's Twilio SDK holds one twilsock socket on the emulator; the local backend, none.
      assert.equal(stack.twilioConnections, backend === 'local' ? 0 : 2);
      await alice.screenshot('signed-in');
    });

    it(`alice creates a group and bob ${publicGroups ? 'joins it by name' : 'is added by alice'}`, async () => {
      await alice.page.getByRole('textbox', { name: 'Group name' }).fill(GROUP);
      await alice.page.getByRole('textbox', { name: 'Description' }).fill('Where the team talks');
      await alice.page.getByRole('button', { name: 'Create group' }).click();
      await channelButton(alice.page, 'Group channels', GROUP).waitFor();
      await waitInChannel(alice.page, GROUP);
      await alice.page.getByText('Where the team talks').waitFor();

      if (publicGroups) {
        await bob.page.getByRole('textbox', { name: 'Channel name' }).fill(GROUP);
        await bob.page.getByRole('button', { name: 'Join', exact: true }).click();
      } else {
        // Joining by name is refused, with a hint that says how to get in.
        await bob.page.getByRole('textbox', { name: 'Channel name' }).fill(GROUP);
        await bob.page.getByRole('button', { name: 'Join', exact: true }).click();
        await bob.page.getByRole('alert').filter({ hasText: 'a member adds you' }).waitFor();
        await alice.page.getByRole('textbox', { name: 'Add member' }).fill('bob');
        await alice.page.getByRole('button', { name: 'Add', exact: true }).click();
        await channelButton(bob.page, 'Group channels', GROUP).waitFor();
        await openChannel(bob.page, 'Group channels', GROUP);
      }
      await channelButton(bob.page, 'Group channels', GROUP).waitFor();
      await waitInChannel(bob.page, GROUP);
      await bob.page.getByRole('list', { name: 'Members' }).getByText('alice').waitFor();
      await alice.page.getByRole('list', { name: 'Members' }).getByText('bob').waitFor();
    });

    it('exchanges messages both ways, with a typing indicator', async () => {
      await send(alice.page, 'Hi Bob! <b>not bold</b>');
      await seeOnce(bob.page, 'Hi Bob! <b>not bold</b>');
      assert.equal(await log(bob.page).locator('b').count(), 0, 'a body must render as text, never as HTML');

      await messageBox(bob.page).fill('Hi Alice');
      await alice.page.getByText('bob is typing').waitFor();
      await bob.page.getByRole('button', { name: 'Send', exact: true }).click();
      await seeOnce(alice.page, 'Hi Alice');
      await seeOnce(bob.page, 'Hi Alice');
      await bob.screenshot('group-chat');
    });

    it('starts a private chat from the members list; it appears on the other side with an unread badge', async () => {
      await alice.page.getByRole('button', { name: 'Message bob privately' }).click();
      await channelButton(alice.page, 'Private channels', 'bob').waitFor();
      await waitInChannel(alice.page, 'bob');
      const bobsPrivate = channelButton(bob.page, 'Private channels', 'alice');
      await bobsPrivate.waitFor();

      await send(alice.page, 'psst, just between us');
      await seeOnce(alice.page, 'psst, just between us');
      await unreadBadge(bobsPrivate, 1).waitFor();
      await eventually(async () => assert.match(await bob.page.title(), /^\(1\) /));
      await bob.screenshot('private-unread');

      await openChannel(bob.page, 'Private channels', 'alice');
      await seeOnce(bob.page, 'psst, just between us');
      await unreadBadge(bobsPrivate, 1).waitFor({ state: 'detached' });
      await eventually(async () => assert.doesNotMatch(await bob.page.title(), /^\(/));
    });

    it('counts unread messages in a closed channel, and clears them when it opens', async () => {
      await openChannel(bob.page, 'Group channels', GROUP);
      await send(bob.page, 'first while you are away');
      await send(bob.page, 'second while you are away');
      await seeOnce(bob.page, 'second while you are away');
      const alicesGroup = channelButton(alice.page, 'Group channels', GROUP);
      await unreadBadge(alicesGroup, 2).waitFor();
      await eventually(async () => assert.match(await alice.page.title(), /^\(2\) /));
      await alice.screenshot('group-unread');
    });

    it('keeps history and unread counts across a reload', async () => {
      await alice.page.reload();
      await waitConnected(alice.page);
      // The private channel was open before the reload and is open again, with its history.
      await waitInChannel(alice.page, 'bob');
      await seeOnce(alice.page, 'psst, just between us');
      const alicesGroup = channelButton(alice.page, 'Group channels', GROUP);
      await unreadBadge(alicesGroup, 2).waitFor();
      await eventually(async () => assert.match(await alice.page.title(), /^\(2\) /));

      await openChannel(alice.page, 'Group channels', GROUP);
      await seeOnce(alice.page, 'Hi Bob! <b>not bold</b>');
      await seeOnce(alice.page, 'second while you are away');
      await unreadBadge(alicesGroup, 2).waitFor({ state: 'detached' });
      await eventually(async () => assert.doesNotMatch(await alice.page.title(), /^\(/));
    });

    it('sends files: an image shows as a preview, another file as a download link', async () => {
      const png = await bob.page.screenshot({ clip: { x: 0, y: 0, width: 48, height: 32 } });
      const attach = bob.page.getByLabel('Attach file');
      await attach.setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: png });
      await attach.setInputFiles({
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('meeting at 10\n'),
      });

      const image = log(alice.page).getByRole('img', { name: 'screen.png' });
      await eventually(async () =>
        assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth === 48)),
      );
      const link = log(alice.page).getByRole('link', { name: /notes\.txt/ });
      const [download] = await Promise.all([alice.page.waitForEvent('download'), link.click()]);
      assert.equal(await readFile(await download.path(), 'utf8'), 'meeting at 10\n');
      await alice.screenshot('files');
    });

    it('marks a message the server refuses as failed, with a Retry button', async () => {
      // The local server checks that a declared image type matches the bytes, so this upload is refused.
      const fake = { name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') };
      await bob.page.getByLabel('Attach file').setInputFiles(fake);
      const failed = log(bob.page).getByRole('listitem').filter({ hasText: 'fake.png' });
      await failed.getByRole('button', { name: 'Retry' }).click({ timeout: 20_000 });
      await failed.getByRole('button', { name: 'Retry' }).waitFor({ timeout: 20_000 });
      assert.equal(await failed.count(), 1, 'a retry must not add a second copy');
      await bob.screenshot('failed-retry');
    });

    it('refuses an over-long message up front, in the composer, without adding it to the list', async () => {
      const items = log(bob.page).getByRole('listitem');
      const before = await items.count();
      await messageBox(bob.page).fill('x'.repeat(33 * 1024));
      await bob.page.getByRole('button', { name: 'Send', exact: true }).click();
      await bob.page.locator('.composer').getByRole('alert').waitFor();
      assert.equal(await items.count(), before);
      await messageBox(bob.page).fill('');
    });

    it('loads older pages when scrolling up', async () => {
      for (let n = 1; n <= 32; n += 1) await send(alice.page, `filler ${n}`);
      await seeOnce(bob.page, 'filler 32');
      await bob.page.reload();
      await waitConnected(bob.page);
      await waitInChannel(bob.page, GROUP);
      await seeOnce(bob.page, 'filler 32');
      assert.equal(
        await messagesWithText(bob.page, 'Hi Alice').count(),
        0,
        'the first page holds only the newest',
      );
      await log(bob.page).evaluate((element) => {
        element.scrollTop = 0;
      });
      await seeOnce(bob.page, 'Hi Alice');
      await seeOnce(bob.page, 'filler 32');
    });

    it('reconnects after the local server restarts and delivers what was typed meanwhile exactly once', async () => {
      await stack.stopLocal();
      await eventually(async () =>
        assert.doesNotMatch(await status(alice.page).textContent(), /\bConnected\b/),
      );
      await send(alice.page, 'typed while the server was down');
      await send(bob.page, 'me too, while it was down');
      // Both wait in the outbox while the server is away.
      await alice.page
        .getByRole('listitem')
        .filter({ hasText: 'typed while the server was down' })
        .getByText('Sending…')
        .waitFor();
      await bob.page
        .getByRole('listitem')
        .filter({ hasText: 'me too, while it was down' })
        .getByText('Sending…')
        .waitFor();
      await alice.screenshot('server-down');

      await stack.startLocalAgain();
      await Promise.all([waitConnected(alice.page, 30_000), waitConnected(bob.page, 30_000)]);
      for (const person of [alice, bob]) {
        await seeOnce(person.page, 'typed while the server was down', { timeout: 20_000 });
        await seeOnce(person.page, 'me too, while it was down', { timeout: 20_000 });
        assert.equal(await log(person.page).getByRole('button', { name: 'Retry' }).count(), 0);
      }
      // What the server stored, read back fresh after a reload: still exactly once each.
      await seeOnce(bob.page, 'typed while the server was down', { reload: true });
      await seeOnce(bob.page, 'me too, while it was down');
      await bob.screenshot('after-restart');
    });

    it('works at phone width: one pane at a time, "Channels" goes back to the list', async () => {
      await alice.page.setViewportSize({ width: 390, height: 720 });
      await waitInChannel(alice.page, GROUP);
      assert.equal(await alice.page.getByRole('list', { name: 'Group channels' }).isVisible(), false);
      await alice.page.getByRole('button', { name: 'Channels' }).click();
      await openChannel(alice.page, 'Group channels', GROUP);
      await messageBox(alice.page).waitFor();
      await alice.screenshot('phone-width');
      await audit(alice.page, 'phone-width chat');
    });

    it('raised no uncaught errors in either page', () => {
      assert.deepEqual([...alice.errors, ...bob.errors].map(String), []);
    });
  });
}

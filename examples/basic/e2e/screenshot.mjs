// Makes docs/screenshot-chat.png, the README's picture of two people chatting:
// `pnpm --filter ./examples/basic run screenshot`. Two phone-width browsers talk through the real
// servers; their screenshots are then laid side by side in a third page and captured as one PNG.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openPerson } from './browser.mjs';
import { exampleDir, startStack } from './stack.mjs';
import { messageBox, seeOnce, send, signIn, waitInChannel } from './ui.mjs';

const output = join(exampleDir, '..', '..', 'docs', 'screenshot-chat.png');
const viewport = { width: 390, height: 700 };

const stack = await startStack();
const people = [];
try {
  const alice = await openPerson('alice', stack.appUrl, { viewport });
  const bob = await openPerson('bob', stack.appUrl, { viewport });
  people.push(alice, bob);
  await signIn(alice.page, 'alice');
  await signIn(bob.page, 'bob');

  await alice.page.getByRole('textbox', { name: 'Group name' }).fill('weekend-hike');
  await alice.page.getByRole('textbox', { name: 'Description' }).fill('Saturday, if the weather holds');
  await alice.page.getByRole('button', { name: 'Create group' }).click();
  await waitInChannel(alice.page, 'weekend-hike');
  await bob.page.getByRole('textbox', { name: 'Channel name' }).fill('weekend-hike');
  await bob.page.getByRole('button', { name: 'Join', exact: true }).click();
  await waitInChannel(bob.page, 'weekend-hike');

  const lines = [
    [alice, 'Hi Bob! Are you in for the hike on Saturday?'],
    [bob, 'Absolutely. What time?'],
    [alice, "Let's meet at 8:00 at the station."],
    [alice, 'I will bring the map.'],
    [bob, 'Perfect, see you there!'],
  ];
  for (const [person, text] of lines) {
    await send(person.page, text);
    await seeOnce(alice.page, text);
    await seeOnce(bob.page, text);
  }
  const notes = Buffer.from('Trail: Ridge loop, 14 km\nStart: 8:00 at the station\n');
  await alice.page
    .getByLabel('Attach file')
    .setInputFiles({ name: 'route.txt', mimeType: 'text/plain', buffer: notes });
  await bob.page.getByRole('link', { name: /route\.txt/ }).waitFor();
  // Typed key by key, like a person: the picture shows bob's unsent line and alice's "bob is typing".
  await messageBox(bob.page).pressSequentially('Bringing snacks', { delay: 200 });
  await alice.page.getByText('bob is typing').waitFor();

  const [left, right] = await Promise.all([alice.page.screenshot(), bob.page.screenshot()]);
  const frame = await alice.context.newPage();
  await frame.setViewportSize({ width: 2 * viewport.width + 72, height: viewport.height + 64 });
  const image = (png, who) =>
    `<figure><img src="data:image/png;base64,${png.toString('base64')}"><figcaption>${who}</figcaption></figure>`;
  await frame.setContent(`<!doctype html><style>
    body { margin: 0; background: #e6e9ef; display: flex; gap: 24px; padding: 16px 24px; font: 14px system-ui, sans-serif; }
    figure { margin: 0; } img { display: block; border-radius: 12px; box-shadow: 0 2px 10px #0002; }
    figcaption { text-align: center; color: #555; margin-top: 6px; }
  </style>${image(left, 'alice')}${image(right, 'bob')}`);
  await writeFile(output, await frame.screenshot({ fullPage: true }));
  console.log(`wrote ${output}`);
} finally {
  await Promise.allSettled(people.map((person) => person.close()));
  await stack.close();
}

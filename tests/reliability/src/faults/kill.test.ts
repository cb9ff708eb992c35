import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cleanup } from '../harness/Cleanup.js';
import { ensureServersBuilt } from '../harness/ensureServersBuilt.js';
import { recordResult } from '../harness/recordResult.js';
import { killScenario } from '../harness/scenarios/killScenario.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());
// The server runs as a separate process from dist/: build it (when stale) outside the test's time limit.
beforeAll(() => ensureServersBuilt(), 120_000);

describe('the local server SIGKILLed mid-burst, 20 times in a row', () => {
  it('stores every resolved send once, delivers or fails-then-retries every pending one, and the stores match the server', async () => {
    const { problems, figures } = await killScenario({ kills: 20, burst: 15 }, cleanup);
    recordResult('kill', figures);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, serverStarts: 21 });
    // The kills did land mid-burst: messages were in flight or queued when the process died.
    expect(figures.pendingAtKill).toBeGreaterThan(0);
  });
});

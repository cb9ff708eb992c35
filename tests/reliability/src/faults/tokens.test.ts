import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup } from '../harness/Cleanup.js';
import { recordResult } from '../harness/recordResult.js';
import { refreshScenario } from '../harness/scenarios/refreshScenario.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('token lifecycle: 50 refreshes in a row with messages flowing', () => {
  it('never shows a state other than connected, never refreshes twice at once, loses nothing', async () => {
    const { problems, alice, source, figures } = await refreshScenario({ refreshes: 50 }, cleanup);
    recordResult('tokens', figures);
    expect(problems).toEqual([]);
    expect(alice.statesAfterConnect()).toEqual([]);
    expect(alice.errors).toEqual([]);
    expect(source.maxInFlight).toBe(1);
    expect(figures.refreshes).toBeGreaterThanOrEqual(50);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0 });
  });
});

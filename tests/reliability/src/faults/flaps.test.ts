import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup } from '../harness/Cleanup.js';
import { recordResult } from '../harness/recordResult.js';
import { flapScenario } from '../harness/scenarios/flapScenario.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('network flaps: a loopback proxy drops or stalls every connection at random, 40 times', () => {
  it('stores every resolved send once, delivers or fails-then-retries the rest, and the stores match the server', async () => {
    const { problems, figures } = await flapScenario({ flaps: 40 }, cleanup);
    recordResult('flaps', figures);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0 });
    expect(figures.connectionsCut).toBeGreaterThan(0);
  });
});

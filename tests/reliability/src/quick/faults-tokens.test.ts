import { describe, expect, it, type TestContext } from 'vitest';
import { ChatDatabase } from '../harness/ChatDatabase.js';
import { ChatUser } from '../harness/ChatUser.js';
import { Cleanup } from '../harness/Cleanup.js';
import { listProblems } from '../harness/convergence.js';
import { eventually, waitUntil } from '../harness/eventually.js';
import { recordResult } from '../harness/recordResult.js';
import { refreshScenario } from '../harness/scenarios/refreshScenario.js';
import { startLocalServer } from '../harness/startLocalServer.js';
import { type TokenBehaviour, TokenSource } from '../harness/TokenSource.js';

// Tokens live 4 s (3–4 s: `exp` is in whole seconds); the server warns 2.5 s before expiry.
const TTL_MS = 4000;
const MARGIN_MS = 2500;
const RETRY = { attempts: 5, baseDelayMs: 100, maxDelayMs: 400, timeoutMs: 300 };

/** The shortest wait the store's backoff allows before attempt `k` (1-based) of one refresh. */
const backoffFloor = (k: number) => Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (k - 1)) / 2;

/**
 * A cleanup for one test. The tests of this file run concurrently (they mostly wait for timers), so
 * the hook must be the test's own `onTestFinished` from its context: the global one attaches to
 * whichever test is current, and could remove this test's server folder while it still runs.
 */
function testCleanup({ onTestFinished }: TestContext): Cleanup {
  const cleanup = new Cleanup();
  onTestFinished(() => cleanup.run());
  return cleanup;
}

async function aliceWith(cleanup: Cleanup, behave: (n: number) => TokenBehaviour, retry = RETRY) {
  const local = await startLocalServer(cleanup, { tokenRefreshMarginMs: MARGIN_MS });
  const source = cleanup.add(new TokenSource('alice', TTL_MS, behave), (s) => s.release());
  const alice = cleanup.add(
    await ChatUser.connect(local.url, 'alice', { getToken: source.getToken, store: { retry } }),
    (u) => u.close(),
  );
  return { local, source, alice };
}

describe.concurrent('quick: token lifecycle', () => {
  it('refreshes 3 times in a row with messages flowing: always connected, one refresh at a time, nothing lost', async (context) => {
    const { problems, alice, source, figures } = await refreshScenario(
      { refreshes: 3 },
      testCleanup(context),
    );
    recordResult('quick-tokens', figures);
    expect(problems).toEqual([]);
    expect(alice.statesAfterConnect()).toEqual([]);
    expect(alice.errors).toEqual([]);
    expect(source.maxInFlight).toBe(1);
  });

  it('retries a getToken that fails twice and then hangs, with backoff, and stays connected', async (context) => {
    const script: TokenBehaviour['kind'][] = ['ok', 'fail', 'fail', 'hang'];
    const { source, alice } = await aliceWith(testCleanup(context), (n) => ({ kind: script[n - 1] ?? 'ok' }));
    // Call 5 recovers the first refresh; call 6 is the next refresh, made with the token of call 5.
    await waitUntil(() => source.issued.length >= 3, 'a refresh after the troubled one', {
      timeoutMs: 15_000,
    });

    expect(alice.statesAfterConnect()).toEqual([]);
    expect(alice.errors).toEqual([]);
    const [, failed1, failed2, hung, recovered] = source.calls;
    // Each retry waited at least the backoff floor after the previous attempt ended (a hang ends at the timeout).
    expect(failed2!.startedAt - failed1!.settledAt!).toBeGreaterThanOrEqual(backoffFloor(1) - 5);
    expect(hung!.startedAt - failed2!.settledAt!).toBeGreaterThanOrEqual(backoffFloor(2) - 5);
    expect(recovered!.startedAt - hung!.startedAt).toBeGreaterThanOrEqual(
      RETRY.timeoutMs + backoffFloor(3) - 5,
    );
    // Never a second call while one is in flight (a hanging call counts until the store's timeout).
    for (const [i, call] of source.calls.entries()) {
      const previous = source.calls[i - 1];
      if (!previous) continue;
      const previousEnd =
        previous.kind === 'hang' ? previous.startedAt + RETRY.timeoutMs - 5 : previous.settledAt!;
      expect(
        call.startedAt,
        `call ${call.n} started while call ${previous.n} was in flight`,
      ).toBeGreaterThanOrEqual(previousEnd);
    }
  });

  it('surfaces token_expired only after the token expired, when getToken never recovers', async (context) => {
    const retry = { ...RETRY, attempts: 3 };
    const { source, alice } = await aliceWith(
      testCleanup(context),
      (n) => ({ kind: n === 1 ? 'ok' : 'fail' }),
      retry,
    );
    const exp = source.calls[0]!.expiresAt!;
    let errorAt = 0;
    alice.store.subscribe(() => {
      if (alice.api.error && errorAt === 0) errorAt = Date.now();
    });
    await waitUntil(() => alice.api.connectionState === 'error', 'the store gave up', { timeoutMs: 15_000 });

    expect(alice.api.error?.code).toBe('token_expired');
    expect(errorAt).toBeGreaterThanOrEqual(exp);
    // Every attempt was made: a refresh before expiry, and another after it, each with all its attempts.
    expect(source.calls.length).toBe(1 + 2 * retry.attempts);
  });

  it('recovers without token_expired when getToken comes back after the token expired', async (context) => {
    const cleanup = testCleanup(context);
    let exp = Number.POSITIVE_INFINITY;
    const { local, source, alice } = await aliceWith(cleanup, (n) =>
      n === 1 || Date.now() > exp + 300 ? { kind: 'ok' } : { kind: 'fail' },
    );
    exp = source.calls[0]!.expiresAt!;
    const bob = cleanup.add(await ChatUser.connect(local.url, 'bob'), (u) => u.close());
    await alice.api.createGroupChannel('room');
    alice.api.setCurrentChannel('room');
    await bob.api.joinChannel('room');
    await waitUntil(
      () => alice.api.connectionState === 'reconnecting',
      'the expired token closed the connection',
      {
        timeoutMs: 15_000,
      },
    );
    await bob.api.sendMessage('room', 'sent while alice had no valid token');
    await waitUntil(() => alice.api.connectionState === 'connected', 'alice is back', { timeoutMs: 15_000 });

    expect(alice.errors.map((e) => e.code)).not.toContain('token_expired');
    expect(source.issued.length).toBeGreaterThanOrEqual(2);
    const db = cleanup.add(new ChatDatabase(local.dbPath), (d) => d.close());
    expect(await eventually(() => listProblems(alice, db), { timeoutMs: 5000 })).toEqual([]);
    expect(alice.api.messages.map((m) => m.body)).toEqual(['sent while alice had no valid token']);
  });
});

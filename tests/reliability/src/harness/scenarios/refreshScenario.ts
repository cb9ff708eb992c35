import { ChatDatabase } from '../ChatDatabase.js';
import { ChatUser } from '../ChatUser.js';
import type { Cleanup } from '../Cleanup.js';
import { convergenceProblems, lostAndDuplicated } from '../convergence.js';
import { eventually, waitUntil } from '../eventually.js';
import { SendLog } from '../SendLog.js';
import { startLocalServer } from '../startLocalServer.js';
import { TokenSource } from '../TokenSource.js';
import { trace } from '../trace.js';

/** Options of {@link refreshScenario}. */
export interface RefreshOptions {
  refreshes: number;
  /** Token lifetime (default 4 s; `exp` has one-second resolution, so 3–4 s in effect). */
  ttlMs?: number;
  /** The server's `tokenRefreshMarginMs` (default 2.5 s). */
  marginMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Alice's tokens live a few seconds and the server warns `marginMs` before each expiry, so her
 * store refreshes about once a second; her token endpoint answers after 0–300 ms. Bob (one-hour
 * token) and alice write to each other the whole time. Runs until `refreshes` refreshes are done.
 */
export async function refreshScenario(options: RefreshOptions, cleanup: Cleanup) {
  const ttlMs = options.ttlMs ?? 4000;
  const local = await startLocalServer(cleanup, { tokenRefreshMarginMs: options.marginMs ?? 2500 });
  const source = cleanup.add(
    new TokenSource('alice', ttlMs, () => ({ kind: 'ok', delayMs: Math.random() * 300 })),
    (s) => s.release(),
  );
  const alice = cleanup.add(await ChatUser.connect(local.url, 'alice', { getToken: source.getToken }), (u) =>
    u.close(),
  );
  const bob = cleanup.add(await ChatUser.connect(local.url, 'bob'), (u) => u.close());
  await alice.api.createGroupChannel('room');
  alice.api.setCurrentChannel('room');
  await bob.api.joinChannel('room');
  const log = new SendLog();
  const started = Date.now();
  let running = true;
  const traffic = (async () => {
    for (let i = 0; running; i++) {
      log.send(i % 3 === 0 ? alice : bob, 'room', 't');
      await sleep(100);
    }
  })();
  await waitUntil(() => source.issued.length > options.refreshes, `${options.refreshes} refreshes`, {
    timeoutMs: options.refreshes * 4000 + 10_000,
  });
  running = false;
  await traffic;
  trace('refreshes done', source.calls.length, 'getToken calls');
  await log.settled();
  const db = cleanup.add(new ChatDatabase(local.dbPath), (d) => d.close());
  const problems = await eventually(() => convergenceProblems(db, log, [alice, bob]));
  problems.push(...local.errors.map((error) => `server logged: ${error}`));
  return {
    problems,
    alice,
    source,
    figures: {
      refreshes: source.issued.length - 1,
      getTokenCalls: source.calls.length,
      maxConcurrentGetToken: source.maxInFlight,
      statesAfterConnect: alice.statesAfterConnect().length,
      messages: log.records.length,
      ...lostAndDuplicated(db, log),
      ttlMs,
      marginMs: options.marginMs ?? 2500,
      durationMs: Date.now() - started,
    },
  };
}

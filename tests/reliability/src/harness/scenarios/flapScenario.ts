import { ChatDatabase } from '../ChatDatabase.js';
import type { Cleanup } from '../Cleanup.js';
import { convergenceProblems, fullHistoryProblems, lostAndDuplicated } from '../convergence.js';
import { eventually } from '../eventually.js';
import { SendLog } from '../SendLog.js';
import { startLocalServer } from '../startLocalServer.js';
import { TcpProxy } from '../TcpProxy.js';
import { trace } from '../trace.js';
import { setupTrio } from './setupTrio.js';
import { changeSomething, random, readSomething } from './traffic.js';

/** Options of {@link flapScenario}. */
export interface FlapOptions {
  flaps: number;
  seed?: number;
  /** As in the kill scenario (default true). */
  strict?: boolean;
  /** Stall connections in one flap of four (default true); false: every flap is a drop. */
  stalls?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Three users talk through a TCP proxy (the server keeps running) while the proxy, at random
 * intervals, cuts every connection (three in four flaps) or stalls them for up to a second and a
 * half, long enough for requests and keep-alive pings to time out. Messages flow all the time, in
 * every direction, and their authors edit and delete some. Afterwards the stores are compared with the database, as after the kills.
 */
export async function flapScenario(options: FlapOptions, cleanup: Cleanup) {
  const seed = options.seed ?? Date.now();
  const rand = random(seed);
  const local = await startLocalServer(cleanup);
  const proxy = cleanup.add(await TcpProxy.start(local.url), (p) => p.close());
  const trio = await setupTrio(proxy.url, cleanup, (identity) => ({
    backend: { keepAliveMs: 700, requestTimeoutMs: 1000, reconnect: { initialDelayMs: 50, maxDelayMs: 500 } },
    // carol gives up on a message after one failed attempt, so the failed-and-retried path runs.
    store: identity === 'carol' ? { sendAttempts: 1 } : {},
  }));
  const log = new SendLog();
  const started = Date.now();
  let running = true;
  let reads = 0;
  const changes: Promise<void>[] = [];
  const traffic = (async () => {
    while (running) {
      const user = trio.users[Math.floor(rand() * 3)]!;
      const privates = trio.privates.get(user.identity)!;
      log.send(user, rand() < 0.6 ? trio.room : privates[Math.floor(rand() * 2)]!, 'f');
      if (rand() < 0.1) {
        reads++;
        void readSomething(trio, rand);
      }
      // Edits and deletions of messages sent before, some cut by a flap.
      if (rand() < 0.1) changes.push(changeSomething(trio, log, rand));
      await sleep(5 + rand() * 20);
    }
  })();
  let drops = 0;
  let stalls = 0;
  for (let flap = 1; flap <= options.flaps; flap++) {
    await sleep(100 + rand() * 600);
    if (options.stalls === false || rand() < 0.75) {
      drops++;
      trace(`flap ${flap}: drop ${proxy.drop()} connections`);
    } else {
      stalls++;
      const ms = 200 + rand() * 1300;
      trace(`flap ${flap}: stall ${proxy.open} connections for ${Math.round(ms)} ms`);
      await proxy.stall(ms);
    }
  }
  running = false;
  await traffic;
  trace('flaps done', log.count('pending'), 'pending');
  await log.settled();
  await Promise.all(changes);
  const retried = await log.retryFailed();
  if (log.retryErrors.length > 0) trace('retries pressed again:', log.retryErrors);
  const db = cleanup.add(new ChatDatabase(local.dbPath), (d) => d.close());
  const strict = options.strict ?? true;
  const problems = await eventually(() =>
    convergenceProblems(db, log, trio.users, { exactLists: strict, openHorizon: strict }),
  );
  for (const user of strict ? trio.users : []) {
    for (const channel of trio.privates.get(user.identity)!) {
      problems.push(...(await fullHistoryProblems(user, db, channel)));
    }
  }
  problems.push(...local.errors.map((error) => `server logged: ${error}`));
  return {
    problems: problems.length > 0 ? [`seed ${seed}`, ...problems] : [],
    figures: {
      seed,
      flaps: options.flaps,
      drops,
      stalls,
      connectionsCut: proxy.dropped,
      connectionsAccepted: proxy.accepted,
      messages: log.records.length,
      failedThenRetried: retried,
      retriesPressedAgain: log.retryErrors.length,
      markReads: reads,
      edits: log.records.reduce((n, r) => n + r.edits.length, 0),
      deletions: log.records.filter((r) => r.deletion !== null).length,
      ...lostAndDuplicated(db, log),
      durationMs: Date.now() - started,
    },
  };
}

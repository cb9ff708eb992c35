import type { SendLog, SentRecord } from '../SendLog.js';
import type { Trio } from './setupTrio.js';

/** A seeded pseudo-random source (mulberry32), so a failing run can be replayed with its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every user sends `perUser` messages at once (they queue in each store): two in three into the
 * shared room, one in three into one of its private channels. Returns the records of this burst.
 */
export function burst(
  trio: Trio,
  log: SendLog,
  perUser: number,
  tag: string,
  rand: () => number,
): SentRecord[] {
  const records: SentRecord[] = [];
  for (let i = 0; i < perUser; i++) {
    for (const user of trio.users) {
      const privates = trio.privates.get(user.identity)!;
      const channel = rand() < 2 / 3 ? trio.room : privates[Math.floor(rand() * privates.length)]!;
      records.push(log.send(user, channel, tag));
    }
  }
  return records;
}

/** A random user reads one of its private channels (as opening and closing it would); errors ignored. */
export function readSomething(trio: Trio, rand: () => number): Promise<void> {
  const user = trio.users[Math.floor(rand() * trio.users.length)]!;
  const privates = trio.privates.get(user.identity)!;
  const channel = privates[Math.floor(rand() * privates.length)]!;
  // While the connection is down this rejects (not_connected/network): that is the point of the test.
  return user.api.markRead(channel).catch(() => {});
}

/**
 * A random user edits (two in three) or deletes one of its own messages that `sendMessage`
 * resolved in the open room, as fixing a message on screen would; the outcome goes to the log and
 * errors are the point of the test (the connection may be down). Resolves when it settled.
 */
export function changeSomething(trio: Trio, log: SendLog, rand: () => number): Promise<void> {
  const user = trio.users[Math.floor(rand() * trio.users.length)]!;
  const mine = log.records.filter(
    (r) =>
      r.user === user && r.channel === trio.room && r.outcome === 'sent' && !r.busy && r.deletion === null,
  );
  const record = mine[Math.floor(rand() * mine.length)];
  if (!record) return Promise.resolve();
  return rand() < 2 / 3 ? log.edit(record) : log.delete(record);
}

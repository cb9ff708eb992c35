import { ChatDatabase } from '../ChatDatabase.js';
import { ChatUser } from '../ChatUser.js';
import type { Cleanup } from '../Cleanup.js';
import { convergenceProblems, fullHistoryProblems, lostAndDuplicated } from '../convergence.js';
import { eventually, waitUntil } from '../eventually.js';
import { SendLog } from '../SendLog.js';
import { startLocalServer } from '../startLocalServer.js';
import { random } from './traffic.js';

const TABS = 5;

/**
 * Dana has the chat open in 5 tabs (5 stores, one identity); erin writes to her. Each round erin
 * writes into their private channel (open in no tab) and the room (open in every tab), one of
 * dana's tabs writes too, and another reads the private channel. After each step every tab must
 * agree with the server: the same messages with the same ids, and unread counts equal to dana's
 * read horizon, moved by whichever tab read.
 */
export async function tabsScenario(options: { rounds: number; seed?: number }, cleanup: Cleanup) {
  const seed = options.seed ?? Date.now();
  const rand = random(seed);
  const local = await startLocalServer(cleanup);
  const tabs: ChatUser[] = [];
  for (let i = 0; i < TABS; i++) {
    tabs.push(cleanup.add(await ChatUser.connect(local.url, 'dana'), (u) => u.close()));
  }
  const erin = cleanup.add(await ChatUser.connect(local.url, 'erin'), (u) => u.close());
  const everyone = [...tabs, erin];
  await erin.api.createGroupChannel('room');
  erin.api.setCurrentChannel('room');
  await tabs[0]!.api.joinChannel('room');
  const dm = (await erin.api.createPrivateChannel('dana')).name;
  for (const tab of tabs) {
    await waitUntil(
      () => 'room' in tab.api.channels && dm in tab.api.channels,
      'every tab lists both channels',
    );
    tab.api.setCurrentChannel('room');
  }
  const db = cleanup.add(new ChatDatabase(local.dbPath), (d) => d.close());
  const log = new SendLog();
  const problems: string[] = [];
  const check = async (step: string) => {
    await log.settled();
    const found = await eventually(() => convergenceProblems(db, log, everyone));
    problems.push(...found.map((problem) => `round ${step}: ${problem}`));
  };
  let reads = 0;
  for (let round = 1; round <= options.rounds && problems.length === 0; round++) {
    for (let i = 0; i < 4; i++) log.send(erin, dm, `r${round}`);
    for (let i = 0; i < 2; i++) log.send(erin, 'room', `r${round}`);
    // The last tab never writes in the private channel, so that opening it there at the end shows
    // the history as loaded from the server (see storeGaps.test.ts for a tab that wrote in it).
    const writer = tabs[Math.floor(rand() * (TABS - 1))]!;
    for (let i = 0; i < 3; i++) log.send(writer, 'room', `r${round}`);
    log.send(writer, dm, `r${round}`);
    await check(`${round} (sent)`);
    const reader = tabs[Math.floor(rand() * (TABS - 1))]!;
    await reader.api.markRead(dm);
    reads++;
    log.send(erin, dm, `r${round} after read`);
    await check(`${round} (read)`);
  }
  const last = tabs[TABS - 1]!;
  problems.push(...(await fullHistoryProblems(last, db, dm)));
  return {
    problems: problems.length > 0 ? [`seed ${seed}`, ...problems] : [],
    unread: tabs.map((tab) => tab.api.channels[dm]?.unreadCount),
    figures: {
      seed,
      tabs: TABS,
      rounds: options.rounds,
      messages: log.records.length,
      markReads: reads,
      ...lostAndDuplicated(db, log),
    },
  };
}

import type { ChangesPage, ChatBackend } from './backend.js';
import type { ChannelEntry, ChatCore } from './ChatCore.js';
import { latest } from './entries.js';
import { mergeMessages, newestStoredIndex } from './messages.js';
import { runBounds } from './runs.js';

/**
 * Brings the run up to date with what changed in [from..to] (`getChanges` after a reconnect): edited
 * messages replace theirs, deleted ones leave, and a `complete` answer drops whatever the run held
 * in the range that it does not hold. Messages outside the range are not the run's to take. When the
 * newest message known is gone, the newest left (or the channel's `lastMessage`) takes its place.
 */
export function applyChanges(entry: ChannelEntry, page: ChangesPage, from: number, to: number): ChannelEntry {
  const inRange = (index: number | null) => index !== null && index >= from && index <= to;
  const now = new Set(page.messages.map((m) => m.sid));
  const gone = new Set(page.deleted);
  const kept = entry.messages.filter(
    (m) => !inRange(m.index) || (page.complete ? now.has(m.sid as string) : !gone.has(m.index as number)),
  );
  const { list } = mergeMessages(
    kept.length === entry.messages.length ? entry.messages : kept,
    page.messages.filter((m) => inRange(m.index)),
  );
  const newest = entry.newestIndex;
  const lost = newest !== null && inRange(newest) && !list.some((m) => m.index === newest);
  return list === entry.messages && !lost
    ? entry
    : {
        ...entry,
        messages: list,
        newestIndex: lost
          ? Math.max(entry.channel.lastMessage?.index ?? -1, newestStoredIndex(list) ?? -1)
          : newest,
      };
}

/**
 * Brings the open channel's run up to date with the edits and deletions made since its version
 * `since` (`getChanges` over the run's range), after a reconnect (resync.ts loads this file then).
 */
export async function applyChangesSince(
  core: ChatCore,
  backend: ChatBackend,
  name: string,
  since: string | null,
): Promise<void> {
  const entry = core.entries.get(name);
  if (!entry?.loaded) return;
  const { lo, hi } = runBounds(entry);
  if (hi < lo) return; // nothing held: nothing can have changed
  const page = await backend.getChanges(name, { from: lo, to: hi, since });
  // What it read of messages changed since is stale: the newest versions go in.
  page.messages = page.messages.flatMap((m) => latest(core.recentChanges, m) ?? []);
  core.updateEntry(name, (e) => (e.loaded ? applyChanges(e, page, lo, hi) : e));
}

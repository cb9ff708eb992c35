import type { BackendMessage } from './backend.js';
import type { ChannelEntry } from './ChatCore.js';
import { toMessage } from './entries.js';
import {
  keepNewest,
  mergeMessages,
  newestStoredIndex,
  oldestStoredIndex,
  unsentOnly,
  withoutPending,
} from './messages.js';
import type { Message } from './types.js';

/**
 * A channel's loaded messages are always one run: every message the server has with an index in
 * [lo..hi], with nothing missing in between (then the pending sends). Indexes have gaps where
 * messages were deleted: a run holds what the server has, never an index per position, and each
 * answer says what it covers (a page: from its first message, or from 0 when nothing is older; a
 * fetch after `hi`: through the newest), so a deleted message is never fetched again. These
 * functions keep it so.
 */

/** How many messages a channel that is not open keeps: its newest page. */
export const PAGE_SIZE = 30;

/** What one fetch covers: every message the server had with an index in [from..to]. */
export interface Fetched {
  messages: readonly BackendMessage[];
  /** The lowest index covered: the first message's (an empty fetch: the index after `to`, or 0). */
  from: number;
  /** The highest index covered; Infinity when the fetch reads through the newest message. */
  to: number;
  /** Whether messages older than `from` exist (history pages); null when the fetch does not say. */
  hasOlder: boolean | null;
}

/** The loaded run's bounds; an empty loaded run (the channel had no message) is [0..-1]. */
export function runBounds(entry: ChannelEntry): { lo: number; hi: number } {
  return { lo: oldestStoredIndex(entry.messages) ?? 0, hi: newestStoredIndex(entry.messages) ?? -1 };
}

/** True when the channel's run is loaded but ends below the newest message the store heard of. */
export function hasGap(entry: ChannelEntry): boolean {
  return entry.loaded && (entry.newestIndex ?? -1) > runBounds(entry).hi;
}

/**
 * Merges a fetch into the entry when the result is still one run: the fetch touches or overlaps the
 * run, or it reaches the newest message (then it replaces a run it does not touch: a stale run is
 * dropped rather than shown with a hole). Returns null when the fetch cannot be merged (an older page
 * that does not reach the run, or any page of a channel whose newest page is not loaded).
 */
export function applyFetched(
  entry: ChannelEntry,
  fetched: Fetched,
): { entry: ChannelEntry; merged: Message[] } | null {
  const { lo, hi } = runBounds(entry);
  const joins = entry.loaded && fetched.from <= hi + 1 && fetched.to >= lo - 1;
  if (!joins && fetched.to !== Number.POSITIVE_INFINITY) return null;
  const base = joins ? entry.messages : unsentOnly(entry.messages);
  const result = mergeMessages(base, fetched.messages);
  // Only a fetch that reaches the run's oldest end says whether anything older exists.
  const reachesOldest = !joins || base.length === 0 || base[0]!.index === null || fetched.from <= lo;
  const hasOlderMessages = reachesOldest
    ? (fetched.hasOlder ?? fetched.from > 0)
    : entry.channel.hasOlderMessages;
  const last = fetched.messages[fetched.messages.length - 1];
  const newer = last !== undefined && last.index > (entry.newestIndex ?? -1);
  const lastMessage = newer
    ? (result.merged[result.merged.length - 1] ?? entry.channel.lastMessage)
    : entry.channel.lastMessage;
  const channel =
    hasOlderMessages === entry.channel.hasOlderMessages && lastMessage === entry.channel.lastMessage
      ? entry.channel
      : { ...entry.channel, hasOlderMessages, lastMessage };
  return {
    entry: {
      ...entry,
      channel,
      messages: result.list,
      loaded: true,
      newestIndex: newer ? last.index : entry.newestIndex,
    },
    merged: result.merged,
  };
}

/** The entry back to "not loaded": only the pending sends stay; lastMessage and unread are kept. */
export function unloaded(entry: ChannelEntry): ChannelEntry {
  if (!entry.loaded && entry.messages.every((m) => m.index === null)) return entry;
  const hasOlderMessages = entry.newestIndex !== null;
  return {
    ...entry,
    messages: unsentOnly(entry.messages),
    loaded: false,
    channel:
      entry.channel.hasOlderMessages === hasOlderMessages
        ? entry.channel
        : { ...entry.channel, hasOlderMessages },
  };
}

/** The entry with at most its newest page loaded (a channel that is not open). */
export function keepPage(entry: ChannelEntry): ChannelEntry {
  const messages = keepNewest(entry.messages, PAGE_SIZE);
  if (messages === entry.messages) return entry;
  const channel = entry.channel.hasOlderMessages
    ? entry.channel
    : { ...entry.channel, hasOlderMessages: true };
  return { ...entry, messages, channel };
}

/**
 * Where a message from the server (live, a send's ack) goes in the channel's list: appended or merged
 * when it joins the run (a closed channel's run is then cut to one page), or not kept. `gap`: it is
 * beyond the run's next index, so what lies between is missing. A list that is not loaded keeps no
 * stored message; a closed one drops the pending copy, the open one keeps it until its page lands.
 */
export function placeMessage(
  entry: ChannelEntry,
  message: BackendMessage,
  isCurrent: boolean,
): { messages: Message[]; stored: Message | null; gap: boolean } {
  if (!entry.loaded) {
    const messages = isCurrent ? entry.messages : withoutPending(entry.messages, message.clientId);
    return { messages, stored: null, gap: false };
  }
  const list = entry.messages;
  const last = list[list.length - 1];
  // The next message after a run with no pending tail (the common live case): one array, no search.
  if (last !== undefined && last.index !== null && message.index === last.index + 1) {
    const stored = toMessage(message);
    const drop = isCurrent ? 0 : list.length + 1 - PAGE_SIZE;
    let messages: Message[];
    if (drop > 0) {
      messages = list.slice(drop);
      messages.push(stored);
    } else messages = [...list, stored];
    return { messages, stored, gap: false };
  }
  const { lo, hi } = runBounds(entry);
  if (message.index > hi + 1) return { messages: entry.messages, stored: null, gap: true };
  if (message.index < lo) {
    return { messages: withoutPending(entry.messages, message.clientId), stored: null, gap: false };
  }
  const merged = mergeMessages(entry.messages, [message]);
  const messages = isCurrent ? merged.list : keepNewest(merged.list, PAGE_SIZE);
  return { messages, stored: merged.merged[0] ?? null, gap: false };
}

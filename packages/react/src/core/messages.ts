import type { BackendMessage } from './backend.js';
import { toMessage } from './entries.js';
import type { Message } from './types.js';

/** Position of the message that `incoming` is (same sid, or a pending one with its client id), or -1. */
function findStored(list: readonly Message[], incoming: BackendMessage): number {
  // Newest messages are at the end and are the likeliest match: scan backwards.
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i]!;
    // Stored messages are sorted by index: below the incoming index there is nothing to find.
    if (m.index !== null && m.index < incoming.index) break;
    if (m.sid === incoming.sid) return i;
    if (incoming.clientId !== null && m.id === incoming.clientId && m.sid === null) return i;
  }
  return -1;
}

/** Where a stored message with `index` goes: after every stored message with a lower index. */
function insertionPoint(list: readonly Message[], index: number): number {
  let i = list.length;
  // Skip the pending tail, then the stored messages with a higher index.
  while (i > 0 && list[i - 1]!.index === null) i--;
  while (i > 0 && (list[i - 1]!.index as number) > index) i--;
  return i;
}

/**
 * Merges stored messages into a channel's list: no duplicates (matched by sid, or by client id for
 * the sender's own pending copy, which keeps its `id`), sorted by index, pending ones last.
 * Returns the same array when nothing changed, and the public object of every incoming message.
 */
export function mergeMessages(
  list: Message[],
  incoming: readonly BackendMessage[],
): { list: Message[]; merged: Message[] } {
  let out = list;
  const merged: Message[] = [];
  for (const message of incoming) {
    const at = findStored(out, message);
    const prev = at >= 0 ? out[at] : undefined;
    const next = toMessage(message, prev);
    merged.push(next);
    if (next === prev) continue;
    if (out === list) out = list.slice();
    if (at >= 0) out.splice(at, 1);
    out.splice(insertionPoint(out, message.index), 0, next);
  }
  return { list: out, merged };
}

/** Appends a pending message (the end of the list is the pending tail, in send order). */
export function appendPending(list: Message[], message: Message): Message[] {
  return [...list, message];
}

/** Replaces the message with `id` by `update(message)`; the same array when it is not there. */
export function updateById(list: Message[], id: string, update: (message: Message) => Message): Message[] {
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i]!.id === id) {
      const out = list.slice();
      out[i] = update(list[i]!);
      return out;
    }
  }
  return list;
}

/** The message with `id`, if the list holds it. */
export function findById(list: readonly Message[], id: string): Message | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.id === id) return list[i];
  return undefined;
}

/** The highest stored index in the list, or null. */
export function newestStoredIndex(list: readonly Message[]): number | null {
  for (let i = list.length - 1; i >= 0; i--) {
    const index = list[i]!.index;
    if (index !== null) return index;
  }
  return null;
}

/** The lowest stored index in the list, or null. */
export function oldestStoredIndex(list: readonly Message[]): number | null {
  return list.length > 0 && list[0]!.index !== null ? list[0]!.index : null;
}

/** The list without its stored messages: only the pending and failed sends (the list is unloaded). */
export function unsentOnly(list: Message[]): Message[] {
  const out = list.filter((m) => m.index === null);
  return out.length === list.length ? list : out;
}

/** Drops the oldest stored messages beyond `keep` (a channel that is not open keeps one page). */
export function keepNewest(list: Message[], keep: number): Message[] {
  let stored = list.length;
  while (stored > 0 && list[stored - 1]!.index === null) stored--;
  return stored > keep ? list.slice(stored - keep) : list;
}

/** The list without the pending copy of `clientId` (sent: a list that is not loaded keeps no copy). */
export function withoutPending(list: Message[], clientId: string | null): Message[] {
  if (clientId === null) return list;
  const out = list.filter((m) => !(m.sid === null && m.id === clientId));
  return out.length === list.length ? list : out;
}

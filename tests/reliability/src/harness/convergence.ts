import type { Message } from '@chat/react';
import type { ChatDatabase, StoredMessage } from './ChatDatabase.js';
import type { ChatUser } from './ChatUser.js';
import { eventually } from './eventually.js';
import type { SendLog } from './SendLog.js';

const show = (m: Message | StoredMessage | undefined): string =>
  m
    ? `${'status' in m ? `${m.id}/${m.status}/` : `${m.clientId}/`}${m.sid}@${m.index} "${m.body}"${m.editedAt ? ' (edited)' : ''}`
    : 'nothing';

/**
 * Delivery: every message whose send resolved is stored exactly once under its client id and sid
 * (or deleted, when its author deleted it: then only a tombstone is left); its body is the one it
 * was sent with or one its author edited it to (the last edit, when that edit resolved); no other
 * body is stored twice (a duplicate with a fresh client id would show here); nothing is stored that
 * nobody sent. Returns the problems found (empty: all good).
 */
export function deliveryProblems(db: ChatDatabase, log: SendLog): string[] {
  const problems: string[] = [];
  const byBody = db.countByBody();
  for (const record of log.records) {
    const changed = record.edits.length > 0 || record.deletion !== null;
    const stored = byBody.get(record.body) ?? 0;
    if (record.outcome === 'sent' && !changed && stored !== 1) {
      problems.push(`"${record.body}" resolved but is stored ${stored} times`);
    } else if (record.outcome !== 'sent' && stored > 1) {
      problems.push(`"${record.body}" (${record.outcome}) is stored ${stored} times`);
    }
    const message = record.message;
    if (record.outcome !== 'sent' || !message) continue;
    const rows = db.byClientId(record.channel, message.id);
    if (rows.length === 0 && record.deletion !== null && message.sid !== null && db.isDeleted(message.sid))
      continue;
    if (record.deletion === 'done') {
      problems.push(`"${record.body}" was deleted, yet ${rows.length} rows hold it`);
      continue;
    }
    if (rows.length !== 1 || rows[0]!.sid !== message.sid || rows[0]!.index !== message.index) {
      problems.push(`"${record.body}" resolved as ${show(message)}; stored as ${rows.map(show).join(', ')}`);
      continue;
    }
    const body = rows[0]!.body;
    const allowed = record.lastEditResolved ? [record.edits.at(-1)] : [record.body, ...record.edits];
    if (!allowed.includes(body)) {
      problems.push(
        `"${record.body}" is stored with the body "${body}", expected one of ${JSON.stringify(allowed)}`,
      );
    }
  }
  const total = db.messageCount();
  if (total !== log.records.length) {
    problems.push(`${log.records.length} messages sent, ${total} stored (deleted ones included)`);
  }
  return problems;
}

/**
 * The user's list of the open channel equals the server's history from its first loaded message on
 * (all of it when the store says nothing older exists): same ids (client id, or sid for messages
 * without one), sids, indexes, current bodies and edit times, in order; no gaps (a deleted message
 * is no gap: the server has none there either), nothing pending or failed.
 */
export function listProblems(user: ChatUser, db: ChatDatabase): string[] {
  const { currentChannel, messages } = user.api;
  if (!currentChannel) return [`${user.identity}: no open channel`];
  const who = `${user.identity} in ${currentChannel.name}`;
  const first = messages[0]?.index ?? 0;
  const all = db.messages(currentChannel.name);
  const expected = currentChannel.hasOlderMessages ? all.filter((row) => row.index >= first) : all;
  for (let i = 0; i < Math.max(expected.length, messages.length); i++) {
    const got = messages[i];
    const want = expected[i];
    if (
      !got ||
      !want ||
      got.status !== 'sent' ||
      got.sid !== want.sid ||
      got.index !== want.index ||
      got.id !== (want.clientId ?? want.sid) ||
      got.body !== want.body ||
      (got.editedAt?.getTime() ?? null) !== want.editedAt
    ) {
      return [
        `${who}: position ${i} of ${messages.length} (server: ${expected.length}) is ${show(got)}, the server has ${show(want)}`,
      ];
    }
  }
  return [];
}

/**
 * Unread counts: each channel's `unreadCount` equals what the server's read horizon says (the
 * messages after it that are there and not the user's own; the open channel counts 0 and its
 * horizon follows), `totalUnread` is their sum, and `lastMessage` is the server's newest message
 * (not deleted), with its current body. `openHorizon: false` skips the
 * comparison for the open channel (whose server-side horizon the store should keep at the newest).
 */
export function unreadProblems(user: ChatUser, db: ChatDatabase, { openHorizon = true } = {}): string[] {
  const problems: string[] = [];
  const { channels, totalUnread, currentChannel } = user.api;
  let sum = 0;
  for (const channel of Object.values(channels)) {
    sum += channel.unreadCount;
    const truth = db.unread(channel.name, user.identity);
    if (!truth) {
      problems.push(`${user.identity}: lists ${channel.name}, but is not a member on the server`);
      continue;
    }
    const skip = !openHorizon && channel.name === currentChannel?.name;
    if (!skip && channel.unreadCount !== truth.unread) {
      problems.push(
        `${user.identity} in ${channel.name}: unreadCount ${channel.unreadCount}, the server's horizon ${truth.horizon} of ${truth.newest} says ${truth.unread}`,
      );
    }
    const newest = db.messages(channel.name).at(-1);
    if (
      (channel.lastMessage?.sid ?? null) !== (newest?.sid ?? null) ||
      (channel.lastMessage && channel.lastMessage.body !== newest?.body)
    ) {
      problems.push(
        `${user.identity} in ${channel.name}: lastMessage ${show(channel.lastMessage ?? undefined)}, the server's newest is ${show(newest)}${
          user.api.currentChannel?.name === channel.name
            ? ` (the open list ends with ${show(user.api.messages.at(-1))})`
            : ''
        }`,
      );
    }
  }
  if (sum !== totalUnread)
    problems.push(`${user.identity}: totalUnread ${totalUnread}, channels sum to ${sum}`);
  return problems;
}

/**
 * The weaker list check: every message in the user's list of the open channel is stored with that
 * sid and index, in index order, once, and sent; gaps are not looked for.
 */
export function listOrderProblems(user: ChatUser, db: ChatDatabase): string[] {
  const { currentChannel, messages } = user.api;
  if (!currentChannel) return [`${user.identity}: no open channel`];
  const stored = new Map(db.messages(currentChannel.name).map((row) => [row.sid, row]));
  let previous = -1;
  for (const [i, message] of messages.entries()) {
    const row = message.sid === null ? undefined : stored.get(message.sid);
    if (message.status !== 'sent' || !row || row.index !== message.index || row.index <= previous) {
      return [
        `${user.identity} in ${currentChannel.name}: position ${i} is ${show(message)} (server: ${show(row)})`,
      ];
    }
    previous = row.index;
  }
  return [];
}

/**
 * Everything above for every user, plus that every user is connected again. `exactLists: false`
 * checks the open channel's list with {@link listOrderProblems} instead of {@link listProblems};
 * `openHorizon: false` does not compare the open channel's unread count with the server's horizon.
 */
export function convergenceProblems(
  db: ChatDatabase,
  log: SendLog,
  users: ChatUser[],
  { exactLists = true, openHorizon = true } = {},
): string[] {
  const problems = deliveryProblems(db, log);
  for (const user of users) {
    if (user.api.connectionState !== 'connected') {
      problems.push(`${user.identity}: connectionState is ${user.api.connectionState}`);
    }
    problems.push(...(exactLists ? listProblems(user, db) : listOrderProblems(user, db)));
    problems.push(...unreadProblems(user, db, { openHorizon }));
  }
  return problems;
}

/**
 * Opens `channel` in the user's store, loads every older page, and compares the whole list with
 * the server's history (as a user scrolling up to the first message would see it).
 */
export async function fullHistoryProblems(
  user: ChatUser,
  db: ChatDatabase,
  channel: string,
): Promise<string[]> {
  const api = () => user.api;
  if (api().currentChannel?.name !== channel) api().setCurrentChannel(channel);
  const newest = db.messages(channel).at(-1)?.index ?? -1;
  const loaded = await eventually(() =>
    (api().messages.at(-1)?.index ?? -1) >= newest ? [] : [`${user.identity}: ${channel} did not load`],
  );
  if (loaded.length > 0) return loaded;
  for (let page = 0; page < 1000 && api().currentChannel?.hasOlderMessages; page++) {
    const oldest = api().messages.find((m) => m.index !== null)?.index ?? 0;
    if (oldest === 0) break;
    await api().getMessages(channel, 100, oldest - 1);
  }
  // The store's own load of the newest page (started by opening the channel) may still be landing.
  return eventually(() => listProblems(user, db), { timeoutMs: 5000 });
}

/**
 * Messages the users were told are sent but are not stored (lost: neither there under their body,
 * an edited one under its client id, nor deleted by their author), and bodies stored twice.
 */
export function lostAndDuplicated(db: ChatDatabase, log: SendLog): { lost: number; duplicated: number } {
  const byBody = db.countByBody();
  let lost = 0;
  let duplicated = 0;
  for (const record of log.records) {
    const stored = byBody.get(record.body) ?? 0;
    const { message } = record;
    const changedButThere =
      (record.edits.length > 0 || record.deletion !== null) &&
      message !== null &&
      (db.byClientId(record.channel, message.id).length > 0 ||
        (message.sid !== null && db.isDeleted(message.sid)));
    if (record.outcome === 'sent' && stored === 0 && !changedButThere) lost++;
    if (stored > 1) duplicated++;
  }
  return { lost, duplicated };
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

/** The part of a prepared statement this server uses, with its parameter and row types. */
export interface Query<P extends unknown[], R = unknown> {
  run(...params: P): Database.RunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
}
/** The connection itself (transactions, pragmas, close). */
export type Connection = Database.Database;

/**
 * A row of `channels`. `last_index` is the highest message index ever given (-1 when none), deleted
 * messages included: indexes are never reused. `change_seq` counts every message sent, edited or
 * deleted (the wire's `changeSeq`).
 */
export interface ChannelRow {
  id: number;
  sid: string;
  name: string;
  type: 'group' | 'private';
  friendly_name: string;
  description: string;
  attributes: string;
  created_by: string;
  date_created: number;
  last_index: number;
  change_seq: number;
}

/** A row of `messages` joined with its media (the `m_*` columns are null without media). */
export interface MessageRow {
  channel_id: number;
  idx: number;
  sid: string;
  client_id: string | null;
  author: string;
  body: string;
  attributes: string;
  media_sid: string | null;
  date_created: number;
  edited_at: number | null;
  change_seq: number;
  m_filename: string | null;
  m_content_type: string | null;
  m_size: number | null;
}

/** Metadata of a stored upload (its bytes are in `media_chunks`, read by MediaStore). */
export interface MediaRow {
  sid: string;
  channel_id: number;
  filename: string;
  content_type: string;
  size: number;
}

const MESSAGE_COLUMNS = `msg.channel_id, msg.idx, msg.sid, msg.client_id, msg.author, msg.body,
  msg.attributes, msg.media_sid, msg.date_created, msg.edited_at, msg.change_seq,
  md.filename AS m_filename, md.content_type AS m_content_type, md.size AS m_size`;
const MESSAGE_FROM = 'messages msg LEFT JOIN media md ON md.sid = msg.media_sid';

/** A deleted message's row of `message_tombstones`: its index stays a gap. */
export interface TombstoneRow {
  idx: number;
  sid: string;
  change_seq: number;
}

/**
 * What a viewer's unread count is made of besides `last_index - last_read_index`: the messages
 * deleted after the horizon, and the viewer's own after it (none unless the horizon was moved back).
 * Two index range counts, each usually empty: a listing's cost does not grow with unread messages.
 */
const UNREAD_PARTS = `
  (SELECT count(*) FROM message_tombstones t WHERE t.channel_id = c.id AND t.idx > m.last_read_index) AS deleted_after,
  (SELECT count(*) FROM messages o WHERE o.channel_id = c.id AND o.author = m.identity AND o.idx > m.last_read_index) AS own_after`;

/** A channel row as a listing reads it, with the reader's horizon (null: not a member) and unread parts. */
export type ListedChannelRow = ChannelRow & {
  last_read_index: number | null;
  deleted_after: number;
  own_after: number;
};

/**
 * Opens (creating if needed) the chat database. WAL with `synchronous = NORMAL`: a committed
 * transaction survives the process being killed; only an OS crash or power loss may lose the
 * last commits (never corrupting the file), which is acceptable for a development server.
 */
export function openDatabase(path: string) {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoints normally run in a worker (Checkpointer); this is only the fallback if it stops.
  db.pragma('wal_autocheckpoint = 10000');
  // After a burst, the WAL file is cut back to this size instead of staying at its peak.
  db.pragma('journal_size_limit = 16777216');
  db.pragma('foreign_keys = ON');
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const q = <P extends unknown[], R = unknown>(sql: string): Query<P, R> =>
    db.prepare<P, R>(sql) as unknown as Query<P, R>;

  const statements = {
    channelByName: q<[string], ChannelRow>('SELECT * FROM channels WHERE name = ?'),
    channelById: q<[number], ChannelRow>('SELECT * FROM channels WHERE id = ?'),
    insertChannel: q<[string, string, string, string, string, string, string, number], ChannelRow>(
      `INSERT INTO channels (sid, name, type, friendly_name, description, attributes, created_by, date_created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    /** A message sent: the new newest index and change number. */
    setLastIndex: q<[number, number, number]>(
      'UPDATE channels SET last_index = ?, change_seq = ? WHERE id = ?',
    ),
    /** A message edited or deleted: the new change number. */
    setChangeSeq: q<[number, number]>('UPDATE channels SET change_seq = ? WHERE id = ?'),
    updateChannel: q<[string, string, number], ChannelRow>(
      'UPDATE channels SET friendly_name = ?, description = ? WHERE id = ? RETURNING *',
    ),
    // One page of the caller's channels in name order: the page is sorted, never the whole list
    // of another identity's making (maxChannelsPerUser bounds the rows read before the sort).
    channelsPageOf: q<[string, string, number], ListedChannelRow>(
      `SELECT c.*, m.last_read_index, ${UNREAD_PARTS} FROM members m JOIN channels c ON c.id = m.channel_id
       WHERE m.identity = ? AND c.name > ? ORDER BY c.name LIMIT ?`,
    ),
    // Every channel of one identity (the Twilio emulator's my-conversations map): bounded by
    // quotas.maxChannelsPerUser.
    channelsOf: q<[string], ChannelRow & { last_read_index: number }>(
      `SELECT c.*, m.last_read_index FROM members m JOIN channels c ON c.id = m.channel_id
       WHERE m.identity = ? ORDER BY c.name`,
    ),
    // Walks channels_by_type_name from the cursor: private channels are never read.
    groupChannelsPage: q<[string, string, number], ListedChannelRow>(
      `SELECT c.*, m.last_read_index, ${UNREAD_PARTS} FROM channels c
       LEFT JOIN members m ON m.channel_id = c.id AND m.identity = ?
       WHERE c.type = 'group' AND c.name > ? ORDER BY c.name LIMIT ?`,
    ),
    membershipCount: q<[string], { n: number }>('SELECT COUNT(*) AS n FROM members WHERE identity = ?'),
    membersOf: q<[number], { identity: string; last_read_index: number }>(
      'SELECT identity, last_read_index FROM members WHERE channel_id = ? ORDER BY joined_at, identity',
    ),
    /** The parts of one viewer's unread count (see UNREAD_PARTS): channel id, horizon, identity. */
    unreadParts: q<[number, number, string], { deleted_after: number; own_after: number }>(
      `SELECT ${UNREAD_PARTS} FROM (SELECT ? AS id) c, (SELECT ? AS last_read_index, ? AS identity) m`,
    ),
    allMembers: q<[], { channel_id: number; identity: string }>(
      'SELECT channel_id, identity FROM members ORDER BY channel_id, joined_at, identity',
    ),
    horizon: q<[number, string], { last_read_index: number }>(
      'SELECT last_read_index FROM members WHERE channel_id = ? AND identity = ?',
    ),
    insertMember: q<[number, string, number, number]>(
      'INSERT OR IGNORE INTO members (channel_id, identity, last_read_index, joined_at) VALUES (?, ?, ?, ?)',
    ),
    deleteMember: q<[number, string]>('DELETE FROM members WHERE channel_id = ? AND identity = ?'),
    departed: q<[number, string], { left_at: number; removed_by: string | null }>(
      'SELECT left_at, removed_by FROM departures WHERE channel_id = ? AND identity = ?',
    ),
    /** A member left (`removed_by` null) or was removed by the creator named. */
    recordDeparture: q<[number, string, number, string | null]>(
      'INSERT OR REPLACE INTO departures (channel_id, identity, left_at, removed_by) VALUES (?, ?, ?, ?)',
    ),
    clearDeparture: q<[number, string]>('DELETE FROM departures WHERE channel_id = ? AND identity = ?'),
    setHorizon: q<[number, number, string]>(
      'UPDATE members SET last_read_index = ? WHERE channel_id = ? AND identity = ?',
    ),
    messageAt: q<[number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE msg.channel_id = ? AND msg.idx = ?`,
    ),
    messageByClientId: q<[number, string, string], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
       WHERE msg.channel_id = ? AND msg.author = ? AND msg.client_id = ?`,
    ),
    /** The newest message of a channel that is not deleted (its last index, unless that was deleted). */
    newestMessage: q<[number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE msg.channel_id = ? ORDER BY msg.idx DESC LIMIT 1`,
    ),
    /** The newest message of each channel whose id is in the JSON array (one page's channels). */
    lastMessagesIn: q<[string], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM channels c
       JOIN messages msg ON msg.channel_id = c.id
         AND msg.idx = (SELECT n.idx FROM messages n WHERE n.channel_id = c.id ORDER BY n.idx DESC LIMIT 1)
       LEFT JOIN media md ON md.sid = msg.media_sid WHERE c.id IN (SELECT value FROM json_each(?))`,
    ),
    insertMessage: q<
      [number, number, string, string | null, string, string, string, string | null, number, number]
    >(
      `INSERT INTO messages (channel_id, idx, sid, client_id, author, body, attributes, media_sid, date_created, change_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    editMessage: q<[string, number, number, number, number]>(
      'UPDATE messages SET body = ?, edited_at = ?, change_seq = ? WHERE channel_id = ? AND idx = ?',
    ),
    deleteMessage: q<[number, number]>('DELETE FROM messages WHERE channel_id = ? AND idx = ?'),
    insertTombstone: q<[number, number, string, string, number, number]>(
      `INSERT INTO message_tombstones (channel_id, idx, sid, author, change_seq, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    /** Messages sent or edited after a change number, with an index in [from..to], in change order. */
    changedAfter: q<[number, number, number, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
       WHERE msg.channel_id = ? AND msg.change_seq > ? AND msg.idx BETWEEN ? AND ?
       ORDER BY msg.change_seq LIMIT ?`,
    ),
    /** Messages deleted after a change number, with an index in [from..to], in change order. */
    deletedAfter: q<[number, number, number, number, number], TombstoneRow>(
      `SELECT idx, sid, change_seq FROM message_tombstones
       WHERE channel_id = ? AND change_seq > ? AND idx BETWEEN ? AND ?
       ORDER BY change_seq LIMIT ?`,
    ),
    page: q<[number, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE msg.channel_id = ? AND msg.idx <= ?
       ORDER BY msg.idx DESC LIMIT ?`,
    ),
    after: q<[number, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE msg.channel_id = ? AND msg.idx > ?
       ORDER BY msg.idx ASC LIMIT ?`,
    ),
    /** Whether a message still uses an upload (messages_by_media). */
    mediaInUse: q<[string], { one: 1 }>('SELECT 1 AS one FROM messages WHERE media_sid = ? LIMIT 1'),
    // Only complete uploads have a row (MediaStore inserts it with the last chunk of the bytes).
    media: q<[string], MediaRow>(
      'SELECT sid, channel_id, filename, content_type, size FROM media WHERE sid = ?',
    ),
  };

  return { db: db as Connection, ...statements };
}

/** The open database and its prepared statements. */
export type ChatDatabase = ReturnType<typeof openDatabase>;

import type Database from 'better-sqlite3';

/** One forward step of the schema; `up` runs inside the migration's transaction. */
export interface Migration {
  /** The `PRAGMA user_version` the database has once this step ran. */
  readonly version: number;
  /** Why the step exists (kept beside the DDL so that the history reads as a changelog). */
  readonly why: string;
  readonly up: (db: Database.Database) => void;
}

// Version 0: the schema as first released, before it was numbered. Databases made then carry
// user_version 0; `CREATE … IF NOT EXISTS` makes this a no-op on them and creates a fresh file.
// Indexes have no gaps: `last_index` is bumped in the same transaction as the insert, so
// "unread = last_index - last_read_index" holds without counting rows.
const VERSION_0 = `
CREATE TABLE IF NOT EXISTS channels (
  id INTEGER PRIMARY KEY,
  sid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('group', 'private')),
  friendly_name TEXT NOT NULL,
  description TEXT NOT NULL,
  attributes TEXT NOT NULL,
  created_by TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  last_index INTEGER NOT NULL DEFAULT -1
);
CREATE TABLE IF NOT EXISTS members (
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  identity TEXT NOT NULL,
  last_read_index INTEGER NOT NULL,
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (channel_id, identity)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS members_by_identity ON members(identity, channel_id);
CREATE TABLE IF NOT EXISTS messages (
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  idx INTEGER NOT NULL,
  sid TEXT NOT NULL UNIQUE,
  client_id TEXT,
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  attributes TEXT NOT NULL,
  media_sid TEXT,
  date_created INTEGER NOT NULL,
  PRIMARY KEY (channel_id, idx),
  UNIQUE (channel_id, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS media (
  sid TEXT PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  uploaded_by TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  bytes BLOB NOT NULL
) WITHOUT ROWID;
`;

/** Every step after version 0, in order. Append only: a released step never changes. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    why: 'clientId is unique per author, so that one member cannot claim the clientId another will send with',
    // SQLite cannot drop a table constraint: the table is rebuilt. Nothing references messages.
    up: (db) =>
      db.exec(`
        CREATE TABLE messages_v1 (
          channel_id INTEGER NOT NULL REFERENCES channels(id),
          idx INTEGER NOT NULL,
          sid TEXT NOT NULL UNIQUE,
          client_id TEXT,
          author TEXT NOT NULL,
          body TEXT NOT NULL,
          attributes TEXT NOT NULL,
          media_sid TEXT,
          date_created INTEGER NOT NULL,
          PRIMARY KEY (channel_id, idx),
          UNIQUE (channel_id, author, client_id)
        ) WITHOUT ROWID;
        INSERT INTO messages_v1 (channel_id, idx, sid, client_id, author, body, attributes, media_sid, date_created)
          SELECT channel_id, idx, sid, client_id, author, body, attributes, media_sid, date_created FROM messages;
        DROP TABLE messages;
        ALTER TABLE messages_v1 RENAME TO messages;
      `),
  },
  {
    version: 2,
    why: 'who left a group (only they may bring themselves back), and group channels in name order for paged public listings',
    up: (db) =>
      db.exec(`
        CREATE TABLE departures (
          channel_id INTEGER NOT NULL REFERENCES channels(id),
          identity TEXT NOT NULL,
          left_at INTEGER NOT NULL,
          PRIMARY KEY (channel_id, identity)
        ) WITHOUT ROWID;
        CREATE INDEX channels_by_type_name ON channels(type, name);
      `),
  },
  {
    version: 3,
    why: 'upload bytes in 256 KiB chunks, written and read one per event-loop turn (a 10 MiB blob in one statement stalled every user), and messages indexed by media sid (the expiry scan at start)',
    up: (db) => {
      // A rowid table: SQLite keeps large blobs out of the b-tree's leaf pages there. No foreign
      // key to media: the chunks are written before their media row, which comes with the last.
      db.exec(`
        CREATE TABLE media_chunks (
          sid TEXT NOT NULL,
          seq INTEGER NOT NULL,
          bytes BLOB NOT NULL,
          PRIMARY KEY (sid, seq)
        );
      `);
      // Moved one upload at a time, so that only one blob is in memory (inside the migration's
      // transaction: a failure leaves the old layout whole).
      const CHUNK = 256 * 1024;
      const sids = db.prepare<[], string>('SELECT sid FROM media').pluck().all();
      const bytesOf = db.prepare<[string], Buffer>('SELECT bytes FROM media WHERE sid = ?').pluck();
      const insert = db.prepare<[string, number, Buffer]>(
        'INSERT INTO media_chunks (sid, seq, bytes) VALUES (?, ?, ?)',
      );
      for (const sid of sids) {
        const bytes = Buffer.from(bytesOf.get(sid) ?? Buffer.alloc(0));
        for (let seq = 0; seq * CHUNK < bytes.length; seq += 1) {
          insert.run(sid, seq, bytes.subarray(seq * CHUNK, (seq + 1) * CHUNK));
        }
      }
      db.exec(`
        CREATE TABLE media_v3 (
          sid TEXT PRIMARY KEY,
          channel_id INTEGER NOT NULL REFERENCES channels(id),
          filename TEXT NOT NULL,
          content_type TEXT NOT NULL,
          size INTEGER NOT NULL,
          uploaded_by TEXT NOT NULL,
          date_created INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO media_v3 (sid, channel_id, filename, content_type, size, uploaded_by, date_created)
          SELECT sid, channel_id, filename, content_type, size, uploaded_by, date_created FROM media;
        DROP TABLE media;
        ALTER TABLE media_v3 RENAME TO media;
        CREATE INDEX messages_by_media ON messages(media_sid) WHERE media_sid IS NOT NULL;
      `);
    },
  },
  {
    version: 4,
    why: 'messages can be edited and deleted (issue 16): a change number per channel and per message so that a client asks only what changed, tombstones that keep a deleted index a gap, and removals by a group creator that the removed member cannot undo alone',
    // change_seq starts as idx + 1 (and the channel's as last_index + 1): one per message sent,
    // which is what sending goes on counting, so existing rows need no special case. Unread counts
    // become "sent after the horizon, less the deleted and the reader's own": messages_by_author
    // counts the reader's own after a horizon moved back, tombstones the deleted.
    up: (db) =>
      db.exec(`
        ALTER TABLE channels ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
        UPDATE channels SET change_seq = last_index + 1;
        ALTER TABLE messages ADD COLUMN edited_at INTEGER;
        ALTER TABLE messages ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
        UPDATE messages SET change_seq = idx + 1;
        CREATE INDEX messages_by_change ON messages(channel_id, change_seq);
        CREATE INDEX messages_by_author ON messages(channel_id, author, idx);
        CREATE TABLE message_tombstones (
          channel_id INTEGER NOT NULL REFERENCES channels(id),
          idx INTEGER NOT NULL,
          sid TEXT NOT NULL,
          author TEXT NOT NULL,
          change_seq INTEGER NOT NULL,
          deleted_at INTEGER NOT NULL,
          PRIMARY KEY (channel_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX tombstones_by_change ON message_tombstones(channel_id, change_seq);
        ALTER TABLE departures ADD COLUMN removed_by TEXT;
      `),
  },
];

/** The schema version this server writes. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Brings the database to the newest schema in one immediate transaction: a fresh file runs every
 * step from version 0, an older file the steps it lacks; a failing step leaves the file as it
 * was. A file from a newer server is refused rather than written with an older idea of the schema.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const versionOf = () => db.pragma('user_version', { simple: true }) as number;
  if (versionOf() === latest) return;
  db.transaction(() => {
    // Read again under the write lock: another process may have migrated meanwhile.
    const version = versionOf();
    if (version > latest) {
      throw new Error(
        `local-server: the database has schema version ${version}, newer than this server's ${latest}; upgrade @chat/local-server or use another dbPath.`,
      );
    }
    if (version === 0) db.exec(VERSION_0);
    for (const step of migrations) if (step.version > version) step.up(db);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
}

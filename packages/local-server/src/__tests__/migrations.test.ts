import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireChannel, WireMessage } from '@chat/protocol';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../db.js';
import { MediaExpiry } from '../mediaExpiry.js';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../migrations.js';
import { startServer, TestClient } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'local-server-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempPath = () => join(dir, `chat-${++files}.db`);

// The schema exactly as released before it had a version (packages/local-server/src/db.ts at
// commit 90c0ed4), copied rather than imported: this is what files on users' disks contain.
const RELEASED_V0_DDL = `
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

const T = 1_700_000_000_000;
const MEDIA_SID = `ME${'1'.repeat(32)}`;
// Over two chunks of the version 3 layout (256 KiB each), so that the move splits it.
const BYTES = Buffer.from('notes from before the upgrade\n'.repeat(20_000));

/** A database as the unversioned server left it: two channels, members, messages, one upload. */
function releasedV0Database(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(RELEASED_V0_DDL);
  const channel = db.prepare(
    `INSERT INTO channels (id, sid, name, type, friendly_name, description, attributes, created_by, date_created, last_index)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  channel.run(
    1,
    `CH${'a'.repeat(32)}`,
    'general',
    'group',
    'General',
    'all of us',
    '{"topic":"x"}',
    'alice',
    T,
    2,
  );
  channel.run(2, `CH${'b'.repeat(32)}`, 'alice#bob', 'private', 'alice#bob', '', '{}', 'alice', T + 1, 0);
  const member = db.prepare('INSERT INTO members VALUES (?, ?, ?, ?)');
  member.run(1, 'alice', 2, T);
  member.run(1, 'bob', 0, T + 5);
  member.run(2, 'alice', 0, T + 1);
  member.run(2, 'bob', -1, T + 1);
  const message = db.prepare('INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  message.run(1, 0, `IM${'0'.repeat(32)}`, 'c0', 'alice', 'hello', '{}', null, T + 10);
  message.run(1, 1, `IM${'1'.repeat(32)}`, 'c1', 'bob', 'hi alice', '{"mood":"good"}', null, T + 11);
  message.run(1, 2, `IM${'2'.repeat(32)}`, 'c2', 'alice', '', '{}', MEDIA_SID, T + 12);
  message.run(2, 0, `IM${'3'.repeat(32)}`, 'p0', 'alice', 'psst', '{}', null, T + 13);
  db.prepare('INSERT INTO media VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    MEDIA_SID,
    1,
    'notes.txt',
    'text/plain',
    BYTES.length,
    'alice',
    T + 12,
    BYTES,
  );
  db.close();
}

function readOnly<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const schemaOf = (db: Database.Database) =>
  db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();

describe('schema versions', () => {
  test('a database made by the unversioned server opens, keeps everything, and works after the upgrade', async () => {
    const dbPath = tempPath();
    releasedV0Database(dbPath);
    const server = await startServer({ dbPath });
    const bob = await TestClient.open(server, 'bob');
    const { channels } = await bob.call<{ channels: WireChannel[] }>('listChannels');
    // In general bob read up to 0; of 1 and 2 only alice's 2 is unread: his own never counts.
    expect(
      channels.map((c) => [c.name, c.type, c.members, c.lastMessage?.body, c.lastReadIndex, c.unreadCount]),
    ).toEqual([
      ['alice#bob', 'private', ['alice', 'bob'], 'psst', -1, 1],
      ['general', 'group', ['alice', 'bob'], '', 0, 1],
    ]);
    expect(channels[1]).toMatchObject({
      friendlyName: 'General',
      description: 'all of us',
      attributes: { topic: 'x' },
    });
    const { messages } = await bob.call<{ messages: WireMessage[] }>('getMessages', {
      channel: 'general',
      pageSize: 10,
    });
    expect(messages.map((m) => [m.index, m.clientId, m.author, m.body, m.attributes, m.dateCreated])).toEqual(
      [
        [0, 'c0', 'alice', 'hello', {}, T + 10],
        [1, 'c1', 'bob', 'hi alice', { mood: 'good' }, T + 11],
        [2, 'c2', 'alice', '', {}, T + 12],
      ],
    );
    expect(messages[2]?.media).toEqual({
      sid: MEDIA_SID,
      filename: 'notes.txt',
      contentType: 'text/plain',
      size: BYTES.length,
    });
    // Version 3 moved the bytes into chunks: the old upload still downloads whole.
    const { url } = await bob.call<{ url: string }>('mediaUrl', { sid: MEDIA_SID });
    const download = await fetch(url);
    expect(download.headers.get('content-length')).toBe(String(BYTES.length));
    expect(Buffer.from(await download.arrayBuffer()).equals(BYTES)).toBe(true);

    // Sends continue the indexes; a retry is recognised per author; another author's clientId is free.
    const alice = await TestClient.open(server, 'alice');
    const retry = await alice.call<{ message: WireMessage }>('sendMessage', {
      channel: 'general',
      clientId: 'c0',
      body: 'x',
    });
    expect(retry.message).toEqual(messages[0]);
    const bobs = await bob.call<{ message: WireMessage }>('sendMessage', {
      channel: 'general',
      clientId: 'c0',
      body: 'mine',
    });
    expect([bobs.message.index, bobs.message.author]).toEqual([3, 'bob']);
    // The departures of version 2 work on the upgraded file.
    await bob.call('leaveChannel', { name: 'general' });
    expect(await alice.errorOf('addMember', { name: 'general', identity: 'bob' })).toBe('forbidden');
    await server.close();

    expect(readOnly(dbPath, (db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
    expect(readOnly(dbPath, (db) => db.prepare('SELECT count(*) AS n FROM messages').get())).toEqual({
      n: 5,
    });
    const chunks = readOnly(
      dbPath,
      (db) =>
        db.prepare('SELECT seq, bytes FROM media_chunks WHERE sid = ? ORDER BY seq').all(MEDIA_SID) as Array<{
          seq: number;
          bytes: Buffer;
        }>,
    );
    expect(chunks.map((c) => [c.seq, c.bytes.length])).toEqual([
      [0, 262_144],
      [1, 262_144],
      [2, BYTES.length - 524_288],
    ]);
    expect(Buffer.concat(chunks.map((c) => c.bytes)).equals(BYTES)).toBe(true);
    expect(
      readOnly(dbPath, (db) => db.prepare("SELECT name FROM pragma_table_info('media')").pluck().all()),
    ).not.toContain('bytes');
  });

  test('after the upgrade, old messages carry change numbers and can be edited, deleted and read by receipt', async () => {
    const dbPath = tempPath();
    releasedV0Database(dbPath);
    const server = await startServer({ dbPath });
    const alice = await TestClient.open(server, 'alice');
    const bob = await TestClient.open(server, 'bob');
    const general = (await alice.call<{ channel: WireChannel }>('getChannel', { name: 'general' })).channel;
    // Step 4 numbered the existing changes as if each message had been sent since: index + 1.
    expect([general.changeSeq, general.createdBy, general.lastReadIndexes]).toEqual([
      3,
      'alice',
      { alice: 2, bob: 0 },
    ]);
    const before = await alice.call<{ messages: WireMessage[] }>('getMessages', {
      channel: 'general',
      pageSize: 10,
    });
    expect(before.messages.map((m) => [m.index, m.changeSeq, m.editedAt])).toEqual([
      [0, 1, null],
      [1, 2, null],
      [2, 3, null],
    ]);

    const { message: edited } = await alice.call<{ message: WireMessage }>('editMessage', {
      channel: 'general',
      index: 0,
      body: 'hello, edited',
    });
    expect([edited.body, edited.changeSeq, typeof edited.editedAt]).toEqual(['hello, edited', 4, 'number']);
    // The old upload goes with its message.
    await alice.call('deleteMessage', { channel: 'general', index: 2 });
    expect(await alice.errorOf('mediaUrl', { sid: MEDIA_SID })).toBe('channel_not_found');
    const changes = await bob.call<{ messages: WireMessage[]; deleted: unknown[]; changeSeq: number }>(
      'getChanges',
      { channel: 'general', after: 3 },
    );
    expect(changes.messages.map((m) => [m.index, m.body])).toEqual([[0, 'hello, edited']]);
    expect(changes.deleted).toEqual([{ index: 2, sid: `IM${'2'.repeat(32)}`, changeSeq: 5 }]);
    expect(changes.changeSeq).toBe(5);
    // bob's one unread message was the deleted one; his horizon moving is alice's read receipt.
    const listed = (await bob.call<{ channels: WireChannel[] }>('listChannels')).channels[1]!;
    expect([listed.unreadCount, listed.lastMessage?.index]).toEqual([0, 1]);
    await bob.call('setReadHorizon', { channel: 'general', index: 1 });
    expect(await alice.event('memberHorizonChanged')).toMatchObject({ identity: 'bob', lastReadIndex: 1 });
    // The creator removes bob, who cannot come back by himself.
    await alice.call('removeMember', { name: 'general', identity: 'bob' });
    await bob.event('channelRemoved');
    expect(await bob.errorOf('joinChannel', { name: 'general' })).toBe('forbidden');
    // The next message takes the next index after the deleted one: 2 stays a gap.
    const { message } = await alice.call<{ message: WireMessage }>('sendMessage', {
      channel: 'general',
      clientId: 'after',
      body: 'three',
    });
    expect([message.index, message.changeSeq]).toEqual([3, 6]);
  });

  test('the expiry scan at start looks each upload up in an index instead of reading every message', () => {
    const dbPath = tempPath();
    releasedV0Database(dbPath);
    const { db } = openDatabase(dbPath);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${MediaExpiry.UNDECIDED_SQL}`)
      .all()
      .map((row) => (row as { detail: string }).detail);
    db.close();
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH msg USING (COVERING )?INDEX messages_by_media /),
    );
    expect(plan.join('\n')).not.toMatch(/SCAN msg/);
  });

  test('a fresh database gets the same schema as an upgraded one, at the newest version', () => {
    const upgraded = tempPath();
    releasedV0Database(upgraded);
    openDatabase(upgraded).db.close();
    const fresh = tempPath();
    openDatabase(fresh).db.close();
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(readOnly(fresh, (db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
    expect(readOnly(fresh, schemaOf)).toEqual(readOnly(upgraded, schemaOf));
    // Opening again is a no-op.
    openDatabase(fresh).db.close();
    expect(readOnly(fresh, schemaOf)).toEqual(readOnly(upgraded, schemaOf));
  });

  test('a failing step leaves the file exactly as it was', () => {
    const dbPath = tempPath();
    releasedV0Database(dbPath);
    const before = readOnly(dbPath, (db) => [schemaOf(db), db.prepare('SELECT * FROM messages').all()]);
    const db = new Database(dbPath);
    const broken = {
      version: SCHEMA_VERSION + 1,
      why: 'test',
      up: () => {
        throw new Error('step failed');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('step failed');
    db.close();
    expect(readOnly(dbPath, (d) => d.pragma('user_version', { simple: true }))).toBe(0);
    expect(readOnly(dbPath, (d) => [schemaOf(d), d.prepare('SELECT * FROM messages').all()])).toEqual(before);
  });

  test('a database from a newer server is refused, naming both versions', async () => {
    const dbPath = tempPath();
    const db = new Database(dbPath);
    db.pragma('user_version = 99');
    db.close();
    await expect(startServer({ dbPath })).rejects.toThrow(
      `schema version 99, newer than this server's ${SCHEMA_VERSION}`,
    );
  });
});

import Database from 'better-sqlite3';

/** A stored message as the server's database holds it: its current (edited) body. */
export interface StoredMessage {
  channel: string;
  index: number;
  sid: string;
  clientId: string | null;
  author: string;
  body: string;
  /** Milliseconds since the epoch of the last edit; null when never edited. */
  editedAt: number | null;
}

const COLUMNS = `c.name AS channel, m.idx AS "index", m.sid, m.client_id AS clientId, m.author, m.body,
  m.edited_at AS editedAt`;

/**
 * The local server's SQLite file opened read-only beside the running server (WAL allows it):
 * the ground truth a test compares clients with. Never written to.
 */
export class ChatDatabase {
  readonly #db: Database.Database;

  constructor(path: string) {
    this.#db = new Database(path, { readonly: true, fileMustExist: true });
  }

  /** Every message of a channel that is not deleted, by index (deleted ones leave gaps). */
  messages(channel: string): StoredMessage[] {
    return this.#db
      .prepare<[string], StoredMessage>(
        `SELECT ${COLUMNS} FROM messages m JOIN channels c ON c.id = m.channel_id WHERE c.name = ? ORDER BY m.idx`,
      )
      .all(channel);
  }

  /** How many messages were ever stored in all channels: those there, and those deleted. */
  messageCount(): number {
    return this.#db
      .prepare<[], { n: number }>(
        'SELECT (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM message_tombstones) AS n',
      )
      .get()!.n;
  }

  /** Whether the message with this sid was deleted (its tombstone is there). */
  isDeleted(sid: string): boolean {
    return this.#db.prepare('SELECT 1 FROM message_tombstones WHERE sid = ?').get(sid) !== undefined;
  }

  /** Rows per body (a body stored twice is a duplicate, whatever its client id). */
  countByBody(): Map<string, number> {
    const rows = this.#db
      .prepare<[], { body: string; n: number }>('SELECT body, COUNT(*) AS n FROM messages GROUP BY body')
      .all();
    return new Map(rows.map((row) => [row.body, row.n]));
  }

  /** Rows with this client id in this channel. */
  byClientId(channel: string, clientId: string): StoredMessage[] {
    return this.#db
      .prepare<[string, string], StoredMessage>(
        `SELECT ${COLUMNS} FROM messages m JOIN channels c ON c.id = m.channel_id
         WHERE c.name = ? AND m.client_id = ?`,
      )
      .all(channel, clientId);
  }

  /**
   * What the read horizon says about `identity` in `channel`: the newest index, the horizon, and
   * the unread count (messages after the horizon that are there and not the user's own, counted
   * one by one: the server's index arithmetic is what this checks), or null when not a member.
   */
  unread(channel: string, identity: string): { newest: number; horizon: number; unread: number } | null {
    return (
      this.#db
        .prepare<[string, string], { newest: number; horizon: number; unread: number }>(
          `SELECT c.last_index AS newest, mb.last_read_index AS horizon,
             (SELECT COUNT(*) FROM messages m WHERE m.channel_id = c.id AND m.idx > mb.last_read_index
                AND m.author <> mb.identity) AS unread
           FROM channels c JOIN members mb ON mb.channel_id = c.id WHERE c.name = ? AND mb.identity = ?`,
        )
        .get(channel, identity) ?? null
    );
  }

  close(): void {
    this.#db.close();
  }
}

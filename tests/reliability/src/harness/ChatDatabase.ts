import Database from 'better-sqlite3';

/** A stored message as the server's database holds it. */
export interface StoredMessage {
  channel: string;
  index: number;
  sid: string;
  clientId: string | null;
  author: string;
  body: string;
}

/**
 * The local server's SQLite file opened read-only beside the running server (WAL allows it):
 * the ground truth a test compares clients with. Never written to.
 */
export class ChatDatabase {
  readonly #db: Database.Database;

  constructor(path: string) {
    this.#db = new Database(path, { readonly: true, fileMustExist: true });
  }

  /** Every message of a channel, by index. */
  messages(channel: string): StoredMessage[] {
    return this.#db
      .prepare<[string], StoredMessage>(
        `SELECT c.name AS channel, m.idx AS "index", m.sid, m.client_id AS clientId, m.author, m.body
         FROM messages m JOIN channels c ON c.id = m.channel_id WHERE c.name = ? ORDER BY m.idx`,
      )
      .all(channel);
  }

  /** How many messages are stored in all channels. */
  messageCount(): number {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM messages').get()!.n;
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
        `SELECT c.name AS channel, m.idx AS "index", m.sid, m.client_id AS clientId, m.author, m.body
         FROM messages m JOIN channels c ON c.id = m.channel_id WHERE c.name = ? AND m.client_id = ?`,
      )
      .all(channel, clientId);
  }

  /**
   * What the read horizon says about `identity` in `channel`: the newest index, the horizon, and
   * the unread count (`newest − horizon`; indexes have no gaps here), or null when not a member.
   */
  unread(channel: string, identity: string): { newest: number; horizon: number; unread: number } | null {
    const row = this.#db
      .prepare<[string, string], { newest: number; horizon: number }>(
        `SELECT c.last_index AS newest, mb.last_read_index AS horizon
         FROM channels c JOIN members mb ON mb.channel_id = c.id WHERE c.name = ? AND mb.identity = ?`,
      )
      .get(channel, identity);
    return row ? { ...row, unread: Math.max(0, row.newest - row.horizon) } : null;
  }

  close(): void {
    this.#db.close();
  }
}

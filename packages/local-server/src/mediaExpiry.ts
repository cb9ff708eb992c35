import type { ChatDatabase } from './db.js';
import type { MediaStore } from './mediaStore.js';
import type { LocalServerLogger } from './options.js';

interface Pending {
  channelId: number;
  /** The channel's newest index when the upload was stored: a message using it comes after. */
  afterIndex: number;
  createdAt: number;
}

/**
 * Deletes uploads that no message has used within `ttlMs` (issue 12: uploads never attached grew
 * the database without bound). The server remembers each upload until it is decided; a message
 * can only use an upload of its own channel that exists already, so "was it attached?" only
 * looks at that channel's messages sent after the upload. At start, one index lookup per upload
 * finds those left undecided by the previous run. Deleting an upload hides it at once; its
 * bytes are freed a chunk per turn (MediaStore), so a sweep of many large uploads stalls nobody.
 */
export class MediaExpiry {
  readonly #ttlMs: number;
  readonly #logger: LocalServerLogger;
  readonly #pending = new Map<string, Pending>();
  readonly #referenced;
  readonly #store: MediaStore;
  readonly #sweep;
  #timer: NodeJS.Timeout | undefined;

  /**
   * The uploads no message uses, read once at start: one lookup in `messages_by_media` per upload
   * rather than a pass over every message (exported for the test of its query plan).
   */
  static readonly UNDECIDED_SQL = `SELECT md.sid, md.channel_id, md.date_created, c.last_index FROM media md
    JOIN channels c ON c.id = md.channel_id
    WHERE NOT EXISTS (SELECT 1 FROM messages msg WHERE msg.media_sid = md.sid)
    ORDER BY md.date_created`;

  constructor(db: ChatDatabase, store: MediaStore, ttlMs: number, logger: LocalServerLogger) {
    this.#ttlMs = ttlMs;
    this.#store = store;
    this.#logger = logger;
    this.#referenced = db.db.prepare<[number, number, string], 1>(
      'SELECT 1 FROM messages WHERE channel_id = ? AND idx > ? AND media_sid = ? LIMIT 1',
    );
    this.#sweep = db.db.transaction((now: number) => this.#sweepNow(now));
    if (!Number.isFinite(ttlMs)) return;
    const undecided = db.db
      .prepare<[], { sid: string; channel_id: number; date_created: number; last_index: number }>(
        MediaExpiry.UNDECIDED_SQL,
      )
      .all();
    for (const row of undecided) this.track(row.sid, row.channel_id, row.last_index, row.date_created);
  }

  /** Sweeps every quarter of the lifetime (10 ms to 1 min); the timer never keeps the process alive. */
  start(): void {
    if (!Number.isFinite(this.#ttlMs) || this.#timer) return;
    const every = Math.min(60_000, Math.max(10, this.#ttlMs / 4));
    this.#timer = setInterval(() => this.sweep(), every);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Remembers a new upload until it is attached or expires. */
  track(sid: string, channelId: number, afterIndex: number, createdAt: number): void {
    if (Number.isFinite(this.#ttlMs)) this.#pending.set(sid, { channelId, afterIndex, createdAt });
  }

  /** Deletes the expired uploads no message uses; returns how many. */
  sweep(now = Date.now()): number {
    const deleted = this.#sweep(now);
    if (deleted > 0) {
      this.#logger.info(
        `local-server: deleted ${deleted} upload(s) not attached to a message within ${this.#ttlMs} ms`,
      );
    }
    return deleted;
  }

  #sweepNow(now: number): number {
    let deleted = 0;
    // Insertion order is upload order: stop at the first upload that is still young.
    for (const [sid, upload] of this.#pending) {
      if (now - upload.createdAt < this.#ttlMs) break;
      this.#pending.delete(sid);
      if (this.#referenced.get(upload.channelId, upload.afterIndex, sid) === undefined) {
        deleted += this.#store.delete(sid);
      }
    }
    return deleted;
  }
}

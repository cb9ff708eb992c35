import { Readable } from 'node:stream';
import type { ChatDatabase } from './db.js';
import type { LocalServerLogger } from './options.js';
import { TurnQueue } from './turnQueue.js';

/** Bytes per row of `media_chunks`: a few hundred microseconds of SQLite work per event-loop turn. */
export const MEDIA_CHUNK_BYTES = 256 * 1024;

/**
 * Bytes written between two checkpoints. Past it, writes wait for the checkpoint worker, so that
 * the WAL stays short and the main connection's autocheckpoint (in the event loop) finds next to
 * nothing to copy: without it, 5 uploads of 10 MiB made that copy take 80–180 ms at once.
 */
const WRITTEN_BETWEEN_CHECKPOINTS = 8 * 1024 * 1024;

/** What is stored about an upload besides its bytes. */
export interface NewMedia {
  sid: string;
  channelId: number;
  filename: string;
  contentType: string;
  uploadedBy: string;
  dateCreated: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Upload bytes in SQLite, in `media_chunks` rows of {@link MEDIA_CHUNK_BYTES}, so that storing,
 * serving or deleting a large upload never holds the event loop for more than one chunk (issue 12:
 * a 10 MiB blob written in one statement stalled every other user for 25–130 ms).
 *
 * The `media` row is inserted in the same transaction as the last chunk: until then the upload
 * does not exist for `mediaUrl`, `sendMessage` or downloads, and chunks without a `media` row are
 * the leftovers of an upload cut short (by a failure, a shutdown or a killed process), which the
 * next start deletes. Writes and deletions share one {@link TurnQueue}: one chunk per turn in all,
 * whatever the number of uploads. Reads are pulled by the socket, at most one chunk per turn each.
 */
export class MediaStore {
  readonly #queue = new TurnQueue();
  readonly #logger: LocalServerLogger;
  readonly #checkpoint: (() => Promise<void>) | undefined;
  #uncheckpointed = 0;
  readonly #insertChunk;
  readonly #insertMedia;
  readonly #complete;
  readonly #chunk;
  readonly #deleteMedia;
  readonly #deleteChunk;
  #stopped = false;

  /** `checkpoint`: the checkpoint worker's, for a file database (none for `:memory:`). */
  constructor(db: ChatDatabase, logger: LocalServerLogger, checkpoint?: () => Promise<void>) {
    this.#logger = logger;
    this.#checkpoint = checkpoint;
    this.#insertChunk = db.db.prepare<[string, number, Buffer]>(
      'INSERT INTO media_chunks (sid, seq, bytes) VALUES (?, ?, ?)',
    );
    this.#insertMedia = db.db.prepare<[string, number, string, string, number, string, number]>(
      `INSERT INTO media (sid, channel_id, filename, content_type, size, uploaded_by, date_created)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#complete = db.db.transaction((media: NewMedia, seq: number, chunk: Buffer, size: number) => {
      this.#insertChunk.run(media.sid, seq, chunk);
      this.#insertMedia.run(
        media.sid,
        media.channelId,
        media.filename,
        media.contentType,
        size,
        media.uploadedBy,
        media.dateCreated,
      );
    });
    this.#chunk = db.db
      .prepare<[string, number], Buffer>('SELECT bytes FROM media_chunks WHERE sid = ? AND seq = ?')
      .pluck();
    this.#deleteMedia = db.db.prepare<[string]>('DELETE FROM media WHERE sid = ?');
    this.#deleteChunk = db.db.prepare<[string]>(
      'DELETE FROM media_chunks WHERE rowid = (SELECT rowid FROM media_chunks WHERE sid = ? LIMIT 1)',
    );
    // Nothing is being uploaded yet: chunks without a media row can only be leftovers.
    const leftovers = db.db
      .prepare<[], string>(
        `SELECT DISTINCT sid FROM media_chunks
         WHERE NOT EXISTS (SELECT 1 FROM media WHERE media.sid = media_chunks.sid)`,
      )
      .pluck()
      .all();
    if (leftovers.length > 0) {
      logger.info(
        `local-server: deleting the bytes of ${leftovers.length} upload(s) cut short before the last stop`,
      );
      for (const sid of leftovers) this.#reap(sid);
    }
  }

  /** True once {@link stop} was called: an upload that failed then failed because of the shutdown. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Stores an upload, one chunk per turn; resolves once its `media` row exists (the upload can
   * then be attached and downloaded). On failure, nothing of it is visible and its chunks go.
   */
  async store(media: NewMedia, bytes: Buffer): Promise<void> {
    const count = Math.max(1, Math.ceil(bytes.length / MEDIA_CHUNK_BYTES));
    let seq = 0;
    try {
      await this.#queue.run(() => {
        const chunk = bytes.subarray(seq * MEDIA_CHUNK_BYTES, (seq + 1) * MEDIA_CHUNK_BYTES);
        const last = seq === count - 1;
        if (last) this.#complete(media, seq, chunk, bytes.length);
        else this.#insertChunk.run(media.sid, seq, chunk);
        this.#wrote(chunk.length);
        seq += 1;
        return last;
      });
    } catch (error) {
      // After stop() the database is about to close: the next start deletes these chunks.
      if (seq > 0 && !this.#stopped) this.#reap(media.sid);
      throw error;
    }
  }

  /**
   * The bytes of a stored upload, read a chunk at a time as the consumer asks (at most one per
   * turn). `size` is the `media` row's: a stream that ends short of it (the upload was deleted
   * while being read) fails instead of passing for the whole file.
   */
  read(sid: string, size: number): Readable {
    const chunk = this.#chunk;
    async function* chunks() {
      let read = 0;
      for (let seq = 0; ; seq += 1) {
        if (seq > 0) await nextTurn();
        const bytes = chunk.get(sid, seq);
        if (bytes === undefined) break;
        read += bytes.length;
        yield bytes;
      }
      if (read !== size) {
        throw new Error(`local-server: media ${sid} was deleted while being read (${read} of ${size} bytes)`);
      }
    }
    return Readable.from(chunks(), { objectMode: false, highWaterMark: MEDIA_CHUNK_BYTES });
  }

  /**
   * Deletes an upload: its `media` row at once (no reader finds it any more), its chunks over the
   * next turns. Returns 1 if it existed, else 0.
   */
  delete(sid: string): number {
    const { changes } = this.#deleteMedia.run(sid);
    if (changes > 0) this.#reap(sid);
    return changes;
  }

  /**
   * Runs no further write or deletion (call before closing the database): uploads being stored
   * fail, and what they wrote is deleted by the next start, like a killed process's.
   */
  stop(): void {
    this.#stopped = true;
    this.#queue.stop(() => new Error('local-server: the server is shutting down'));
  }

  #wrote(bytes: number): void {
    if (!this.#checkpoint) return;
    this.#uncheckpointed += bytes;
    if (this.#uncheckpointed < WRITTEN_BETWEEN_CHECKPOINTS) return;
    this.#uncheckpointed = 0;
    this.#queue.pauseUntil(this.#checkpoint());
  }

  #reap(sid: string): void {
    this.#queue
      .run(() => this.#deleteChunk.run(sid).changes === 0)
      .catch((error: unknown) => {
        if (this.#stopped) return; // the next start finds these chunks again
        this.#logger.error(`local-server: could not delete the chunks of upload ${sid}`, error);
      });
  }
}

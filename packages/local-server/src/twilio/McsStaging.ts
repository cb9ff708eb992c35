import { randomUUID } from 'node:crypto';

/** An upload not yet attached to a message. */
export interface StagedMedia {
  sid: string;
  uploader: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  dateCreated: number;
}

/** How long an unattached upload is kept. */
const TTL_MS = 60 * 60 * 1000;

/**
 * Uploads made through the media service (MCS). On Twilio they belong to the service, not to a
 * channel; the domain stores media per channel, so an upload waits here until a message in a
 * channel names it (then it is stored with that channel) — at most `maxBytes` in all, for an
 * hour.
 */
export class McsStaging {
  readonly #items = new Map<string, StagedMedia>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Keeps an upload. @returns null when the staging area is full (the caller answers 429). */
  add(uploader: string, filename: string, contentType: string, bytes: Buffer): StagedMedia | null {
    this.#expire();
    if (this.#bytes + bytes.length > this.#maxBytes) return null;
    const media = {
      sid: `ME${randomUUID().replaceAll('-', '')}`,
      uploader,
      filename,
      contentType,
      bytes,
      dateCreated: Date.now(),
    };
    this.#items.set(media.sid, media);
    this.#bytes += bytes.length;
    return media;
  }

  get(sid: string): StagedMedia | undefined {
    return this.#items.get(sid);
  }

  /** Removes an upload (it has been attached to a message). */
  take(sid: string): void {
    const media = this.#items.get(sid);
    if (!media) return;
    this.#items.delete(sid);
    this.#bytes -= media.bytes.length;
  }

  #expire(): void {
    const oldest = Date.now() - TTL_MS;
    for (const media of this.#items.values()) {
      if (media.dateCreated < oldest) this.take(media.sid);
    }
  }
}

import type { ChatDatabase } from './db.js';
import { UploadQuota } from './http/UploadQuota.js';
import { Hub } from './hub.js';
import { IdentityLimits } from './identityLimits.js';
import { MediaExpiry } from './mediaExpiry.js';
import { MediaStore } from './mediaStore.js';
import { MemberCache } from './memberCache.js';
import type { ResolvedOptions } from './options.js';
import { QuotaGuard } from './quotaGuard.js';
import { TypingTracker } from './typingTracker.js';
import { WriteBatcher } from './writeBatcher.js';

/** State shared by the WebSocket handlers and the HTTP routes of one server. */
export interface ServerContext {
  readonly options: ResolvedOptions;
  readonly db: ChatDatabase;
  readonly hub: Hub;
  readonly members: MemberCache;
  readonly typing: TypingTracker;
  /** The `quotas` option, enforced by the channel and membership handlers. */
  readonly quotas: QuotaGuard;
  /** Coalesces each turn's frames per socket into one write. */
  readonly batcher: WriteBatcher;
  /** 'http://HOST:PORT', known once the server listens; signed media URLs start with it. */
  baseUrl: string;
  /** Sockets, frames and sends per identity, shared by all of its connections. */
  readonly limits: IdentityLimits;
  /** Upload quotas and uploads in progress. */
  readonly uploads: UploadQuota;
  /** Upload bytes, written, read and deleted a chunk per event-loop turn. */
  readonly mediaStore: MediaStore;
  /** Uploads waiting to be attached to a message, deleted when they expire. */
  readonly mediaExpiry: MediaExpiry;
}

/**
 * Wires the shared state around an open database. `checkpoint` runs a WAL checkpoint off the
 * event loop (file databases only); large writes wait for it every few MiB.
 */
export function createContext(
  options: ResolvedOptions,
  db: ChatDatabase,
  checkpoint?: () => Promise<void>,
): ServerContext {
  const hub = new Hub();
  const members = new MemberCache(db);
  const typing = new TypingTracker(options.typingTimeoutMs, (channelId, channel, identity, event) => {
    hub.toMembers(members.of(channelId), { event, channel, identity }, identity);
  });
  const mediaStore = new MediaStore(db, options.logger, checkpoint);
  return {
    options,
    db,
    hub,
    members,
    typing,
    quotas: new QuotaGuard(options.quotas, db, members),
    batcher: new WriteBatcher(),
    baseUrl: '',
    limits: new IdentityLimits(options.identityRates, options.maxSocketsPerIdentity),
    uploads: new UploadQuota(options.uploadLimits),
    mediaStore,
    mediaExpiry: new MediaExpiry(db, mediaStore, options.unattachedMediaTtlMs, options.logger),
  };
}

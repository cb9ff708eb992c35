import type { ChatDatabase } from './db.js';
import { Hub } from './hub.js';
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
}

/** Wires the shared state around an open database. */
export function createContext(options: ResolvedOptions, db: ChatDatabase): ServerContext {
  const hub = new Hub();
  const members = new MemberCache(db);
  const typing = new TypingTracker(options.typingTimeoutMs, (channelId, channel, identity, event) => {
    hub.toMembers(members.of(channelId), { event, channel, identity }, identity);
  });
  const quotas = new QuotaGuard(options.quotas, db, members);
  return { options, db, hub, members, typing, quotas, batcher: new WriteBatcher(), baseUrl: '' };
}

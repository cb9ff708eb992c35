import type { ChatDatabase } from './db.js';

/**
 * Channel members kept in memory, so the fan-out of a message does not query the database.
 * This process is the database's only writer; every membership change goes through
 * {@link MemberCache.add}/{@link MemberCache.remove} after its transaction commits.
 */
export class MemberCache {
  readonly #db: ChatDatabase;
  readonly #byChannel = new Map<number, Set<string>>();

  constructor(db: ChatDatabase) {
    this.#db = db;
  }

  /** Members of a channel, in join order. */
  of(channelId: number): ReadonlySet<string> {
    let set = this.#byChannel.get(channelId);
    if (!set) {
      set = new Set(this.#db.membersOf.all(channelId).map((row) => row.identity));
      this.#byChannel.set(channelId, set);
    }
    return set;
  }

  has(channelId: number, identity: string): boolean {
    return this.of(channelId).has(identity);
  }

  add(channelId: number, identity: string): void {
    (this.of(channelId) as Set<string>).add(identity);
  }

  remove(channelId: number, identity: string): void {
    (this.of(channelId) as Set<string>).delete(identity);
  }
}

import type { ChatDatabase } from './db.js';

/** One channel's members: identities in join order, and each one's read horizon. */
interface Members {
  readonly identities: Set<string>;
  readonly horizons: Map<string, number>;
}

/**
 * Channel members and their read horizons kept in memory, so that the fan-out of a message queries
 * nothing and a channel's read receipts are one pass over a map. This process is the database's
 * only writer; every membership or horizon change goes through {@link MemberCache.add},
 * {@link MemberCache.remove} or {@link MemberCache.setHorizon} after its transaction commits.
 */
export class MemberCache {
  readonly #db: ChatDatabase;
  readonly #byChannel = new Map<number, Members>();

  constructor(db: ChatDatabase) {
    this.#db = db;
  }

  #load(channelId: number): Members {
    let members = this.#byChannel.get(channelId);
    if (!members) {
      const rows = this.#db.membersOf.all(channelId);
      members = {
        identities: new Set(rows.map((row) => row.identity)),
        horizons: new Map(rows.map((row) => [row.identity, row.last_read_index])),
      };
      this.#byChannel.set(channelId, members);
    }
    return members;
  }

  /** Members of a channel, in join order. */
  of(channelId: number): ReadonlySet<string> {
    return this.#load(channelId).identities;
  }

  has(channelId: number, identity: string): boolean {
    return this.#load(channelId).identities.has(identity);
  }

  /** A member's read horizon (-1: nothing read); undefined for a non-member. */
  horizon(channelId: number, identity: string): number | undefined {
    return this.#load(channelId).horizons.get(identity);
  }

  /** Every member's read horizon, by identity (a new object: it goes on the wire). */
  horizons(channelId: number): Record<string, number> {
    return Object.fromEntries(this.#load(channelId).horizons);
  }

  add(channelId: number, identity: string, horizon: number): void {
    const members = this.#load(channelId);
    members.identities.add(identity);
    members.horizons.set(identity, horizon);
  }

  remove(channelId: number, identity: string): void {
    const members = this.#load(channelId);
    members.identities.delete(identity);
    members.horizons.delete(identity);
  }

  setHorizon(channelId: number, identity: string, horizon: number): void {
    const members = this.#load(channelId);
    if (members.identities.has(identity)) members.horizons.set(identity, horizon);
  }
}

import type { ChannelRow, ChatDatabase } from './db.js';
import { ProtocolError } from './errors.js';
import { HourlyBuckets } from './hourlyBuckets.js';
import type { MemberCache } from './memberCache.js';
import type { ResolvedQuotas } from './quotaOptions.js';

/** "72 s" or "14 min": when a refused request may succeed. */
function inWords(ms: number): string {
  return ms < 120_000 ? `${Math.ceil(ms / 1000)} s` : `${Math.ceil(ms / 60_000)} min`;
}

/**
 * Enforces the `quotas` option. Every check runs before anything changes, and the hourly buckets
 * are drawn only once the change has committed, so a refused request changes nothing (its tokens
 * included). Caps refuse with `forbidden` (waiting does not help), windows with `rate_limited`.
 */
export class QuotaGuard {
  readonly #quotas: ResolvedQuotas;
  readonly #db: ChatDatabase;
  readonly #members: MemberCache;
  readonly #created: HourlyBuckets | null;
  readonly #addedByOthers: HourlyBuckets | null;

  constructor(quotas: ResolvedQuotas, db: ChatDatabase, members: MemberCache) {
    this.#quotas = quotas;
    this.#db = db;
    this.#members = members;
    this.#created = quotas && new HourlyBuckets(quotas.channelsCreatedPerHour);
    this.#addedByOthers = quotas && new HourlyBuckets(quotas.addedByOthersPerHour);
  }

  /**
   * Refuses a `createChannel` by `identity` with `others` as members when the creator is at a
   * limit, the channel would be too big, or any listed member cannot be added (all named).
   */
  checkCreate(identity: string, others: readonly string[], type: ChannelRow['type']): void {
    const quotas = this.#quotas;
    if (!quotas) return;
    if (this.#isFull(identity)) {
      throw new ProtocolError(
        'forbidden',
        `you are already in ${quotas.maxChannelsPerUser} channels, the most this server allows (quotas.maxChannelsPerUser); leave one first.`,
      );
    }
    const wait = this.#created!.waitMs(identity);
    if (wait > 0) {
      throw new ProtocolError(
        'rate_limited',
        `you may create ${quotas.channelsCreatedPerHour} channels an hour on this server (quotas.channelsCreatedPerHour); try again in ${inWords(wait)}.`,
      );
    }
    if (1 + others.length > quotas.maxMembersPerChannel) {
      throw new ProtocolError(
        'forbidden',
        `you and ${others.length} members exceed the ${quotas.maxMembersPerChannel} a channel may hold (quotas.maxMembersPerChannel); list fewer members.`,
      );
    }
    const full = others.filter((member) => this.#isFull(member));
    const waits = others.flatMap((member) => {
      const ms = type === 'group' && !full.includes(member) ? this.#addedByOthers!.waitMs(member) : 0;
      return ms > 0 ? [`${JSON.stringify(member)} (again in ${inWords(ms)})`] : [];
    });
    if (full.length === 0 && waits.length === 0) return;
    const reasons = [
      full.length > 0 &&
        `${full.map((member) => JSON.stringify(member)).join(', ')} already in ${quotas.maxChannelsPerUser} channels (quotas.maxChannelsPerUser)`,
      waits.length > 0 &&
        `${waits.join(', ')} already put in ${quotas.addedByOthersPerHour} groups by others this hour (quotas.addedByOthersPerHour)`,
    ].filter(Boolean);
    throw new ProtocolError(
      full.length > 0 ? 'forbidden' : 'rate_limited',
      `cannot add ${reasons.join(', nor ')}, so nothing was created; create it without them and let them join (joinChannel).`,
    );
  }

  /** Draws the creation and the members' "added by others" tokens of a committed createChannel. */
  recordCreate(identity: string, others: readonly string[], type: ChannelRow['type']): void {
    this.#created?.take(identity);
    if (type === 'group') for (const member of others) this.#addedByOthers?.take(member);
  }

  /** Refuses `identity` joining `row` by itself: the channel or the identity is full. */
  checkJoin(row: ChannelRow, identity: string): void {
    const quotas = this.#quotas;
    if (!quotas) return;
    this.#checkRoom(row);
    if (this.#isFull(identity)) {
      throw new ProtocolError(
        'forbidden',
        `you are already in ${quotas.maxChannelsPerUser} channels, the most this server allows (quotas.maxChannelsPerUser); leave one first.`,
      );
    }
  }

  /** Refuses another member adding `identity` to `row`: full channel, full identity, or too many adds this hour. */
  checkAdd(row: ChannelRow, identity: string): void {
    const quotas = this.#quotas;
    if (!quotas) return;
    this.#checkRoom(row);
    if (this.#isFull(identity)) {
      throw new ProtocolError(
        'forbidden',
        `${JSON.stringify(identity)} is already in ${quotas.maxChannelsPerUser} channels, the most this server allows (quotas.maxChannelsPerUser); they must leave one first.`,
      );
    }
    const wait = row.type === 'group' ? this.#addedByOthers!.waitMs(identity) : 0;
    if (wait > 0) {
      throw new ProtocolError(
        'rate_limited',
        `${JSON.stringify(identity)} was already put in ${quotas.addedByOthersPerHour} groups by others this hour (quotas.addedByOthersPerHour); try again in ${inWords(wait)}, or ask them to join it themselves (joinChannel).`,
      );
    }
  }

  /** Draws the "added by others" token of a committed addMember. */
  recordAdd(row: ChannelRow, identity: string): void {
    if (row.type === 'group') this.#addedByOthers?.take(identity);
  }

  #checkRoom(row: ChannelRow): void {
    const max = this.#quotas!.maxMembersPerChannel;
    if (this.#members.of(row.id).size >= max) {
      throw new ProtocolError(
        'forbidden',
        `${JSON.stringify(row.name)} already has ${max} members, the most this server allows (quotas.maxMembersPerChannel); create another channel for more people.`,
      );
    }
  }

  #isFull(identity: string): boolean {
    return (this.#db.membershipCount.get(identity)?.n ?? 0) >= this.#quotas!.maxChannelsPerUser;
  }
}

import type { ServerContext } from '../context.js';
import type { ChannelRow, Query } from '../db.js';
import { channelSidOf, syncSid, type UserMapKind, userMapSid } from './syncNames.js';

/** A member's row as the roster shows it. */
export interface MemberRow {
  identity: string;
  last_read_index: number;
  joined_at: number;
}

/** What a Sync id (sid or unique name) refers to. */
export type SyncRef =
  | { type: 'document'; kind: 'channel'; sid: string; channel: ChannelRow }
  | { type: 'list'; kind: 'messages'; sid: string; channel: ChannelRow }
  | { type: 'map'; kind: 'roster'; sid: string; channel: ChannelRow }
  | { type: 'map'; kind: 'myConversations'; sid: string; identity: string }
  | { type: 'map'; kind: 'userInfo'; sid: string; identity: string };

/** The three kinds of Sync object the SDKs open. */
export type SyncType = SyncRef['type'];

/**
 * The reads the Twilio front door needs beyond the domain's own: channels by sid, members with
 * their horizons, who may read what, and which Sync object an id names. Its statements are
 * prepared here so that the domain's `db.ts` stays the local protocol's.
 */
export class TwilioData {
  readonly #ctx: ServerContext;
  readonly #channelBySid: Query<[string], ChannelRow>;
  readonly #members: Query<[number], MemberRow>;
  readonly #member: Query<[number, string], MemberRow>;
  readonly #messageIndex: Query<[number, string], { idx: number }>;
  /** User map sids seen so far (a digest cannot be reversed). */
  readonly #userMaps = new Map<string, { kind: UserMapKind; identity: string }>();
  /** The same, by kind and identity, so that the event path hashes each identity once. */
  readonly #userMapSids = new Map<string, string>();
  /** Channel sids by name: channels are never renamed or deleted, so this never goes stale. */
  readonly #sidByName = new Map<string, string>();

  constructor(ctx: ServerContext) {
    this.#ctx = ctx;
    const prepare = <P extends unknown[], R>(sql: string) =>
      ctx.db.db.prepare<P, R>(sql) as unknown as Query<P, R>;
    this.#channelBySid = prepare('SELECT * FROM channels WHERE sid = ?');
    this.#members = prepare(
      'SELECT identity, last_read_index, joined_at FROM members WHERE channel_id = ? ORDER BY joined_at, identity',
    );
    this.#member = prepare(
      'SELECT identity, last_read_index, joined_at FROM members WHERE channel_id = ? AND identity = ?',
    );
    this.#messageIndex = prepare('SELECT idx FROM messages WHERE channel_id = ? AND sid = ?');
  }

  channelBySid(sid: string): ChannelRow | undefined {
    return this.#channelBySid.get(sid);
  }

  channelByName(name: string): ChannelRow | undefined {
    return this.#ctx.db.channelByName.get(name);
  }

  /** A channel's sid by its name, without a query after the first time. */
  channelSid(name: string): string | undefined {
    let sid = this.#sidByName.get(name);
    if (sid === undefined) {
      sid = this.channelByName(name)?.sid;
      if (sid !== undefined) this.#sidByName.set(name, sid);
    }
    return sid;
  }

  /** A channel by sid, or by unique name (the SDKs look channels up both ways). */
  channel(sidOrName: string): ChannelRow | undefined {
    return (
      (/^CH[0-9a-f]{32}$/.test(sidOrName) && this.channelBySid(sidOrName)) || this.channelByName(sidOrName)
    );
  }

  members(channelId: number): MemberRow[] {
    return this.#members.all(channelId);
  }

  member(channelId: number, identity: string): MemberRow | undefined {
    return this.#member.get(channelId, identity);
  }

  /** The index of a channel's stored message by its sid (a message's REST address), if any. */
  messageIndex(channelId: number, sid: string): number | undefined {
    return this.#messageIndex.get(channelId, sid)?.idx;
  }

  isMember(row: ChannelRow, identity: string): boolean {
    return this.#ctx.members.has(row.id, identity);
  }

  /**
   * Whether `identity` may read a channel's Sync objects: any group channel; a private channel
   * its members, and its creator while it has none (a Twilio client creates, then joins).
   */
  canRead(row: ChannelRow, identity: string): boolean {
    if (row.type === 'group' || this.isMember(row, identity)) return true;
    return row.created_by === identity && this.#ctx.members.of(row.id).size === 0;
  }

  /** The sid of a user's map, remembered so that later requests naming it can be resolved. */
  userMap(kind: UserMapKind, identity: string): string {
    const key = `${kind}\n${identity}`;
    let sid = this.#userMapSids.get(key);
    if (sid === undefined) {
      sid = userMapSid(kind, identity);
      this.#userMapSids.set(key, sid);
      this.#userMaps.set(sid, { kind, identity });
    }
    return sid;
  }

  /** The object an id names, or null (unknown ids are a 404 for the SDKs). */
  resolve(type: SyncType, id: string): SyncRef | null {
    if (type === 'map') {
      const user = this.#userMaps.get(id);
      if (user?.kind === 'myConversations')
        return { type, kind: user.kind, sid: id, identity: user.identity };
      if (user?.kind === 'userInfo') return { type, kind: user.kind, sid: id, identity: user.identity };
    }
    const [prefix, suffix] =
      type === 'document' ? ['ET', '.channel'] : type === 'list' ? ['ES', '.messages'] : ['MP', '.roster'];
    const channelSid = channelSidOf(id, prefix, suffix);
    const channel = channelSid === null ? undefined : this.channelBySid(channelSid);
    if (!channel) return null;
    if (type === 'document') return { type, kind: 'channel', sid: syncSid.document(channel.sid), channel };
    if (type === 'list') return { type, kind: 'messages', sid: syncSid.messages(channel.sid), channel };
    return { type, kind: 'roster', sid: syncSid.roster(channel.sid), channel };
  }

  /**
   * Whether `identity` may read an object: its own maps, anyone's user info, a readable channel's
   * document; its messages and roster only as a member (or as the creator of a private channel
   * before it joins), so that a non-member of a public group, or a member removed, reads neither.
   */
  mayRead(ref: SyncRef, identity: string): boolean {
    if (ref.kind === 'myConversations') return ref.identity === identity;
    if (ref.kind === 'userInfo') return true;
    if (ref.kind === 'channel') return this.canRead(ref.channel, identity);
    if (this.isMember(ref.channel, identity)) return true;
    return ref.channel.created_by === identity && this.#ctx.members.of(ref.channel.id).size === 0;
  }
}

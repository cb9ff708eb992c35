import type { WireChannel, WireMessage } from '@chat/protocol';
import type { ServerContext } from './context.js';
import type { ChannelRow } from './db.js';
import { ProtocolError } from './errors.js';
import { toWireChannel, toWireMessage, unreadCount } from './wire.js';

function notFound(name: string): ProtocolError {
  return new ProtocolError(
    'channel_not_found',
    `no channel named ${JSON.stringify(name)} that you can see; check the name, or ask a member to add you.`,
  );
}

/**
 * The channel named `name` if `identity` may see it: any group channel, or a private channel it
 * belongs to. A private channel of others is reported exactly like a missing one, so that
 * guessing names reveals nothing.
 */
export function visibleChannel(ctx: ServerContext, name: string, identity: string): ChannelRow {
  const row = ctx.db.channelByName.get(name);
  if (!row || (row.type === 'private' && !ctx.members.has(row.id, identity))) throw notFound(name);
  return row;
}

/** Like {@link visibleChannel}, and `identity` must be a member (`not_member` for a group channel). */
export function memberChannel(ctx: ServerContext, name: string, identity: string): ChannelRow {
  const row = visibleChannel(ctx, name, identity);
  if (!ctx.members.has(row.id, identity)) {
    throw new ProtocolError(
      'not_member',
      `you are not a member of ${JSON.stringify(name)}; join it first (joinChannel).`,
    );
  }
  return row;
}

/** A member's unread count at horizon `lastReadIndex` (see `unreadCount` in wire.ts). */
export function unreadOf(
  ctx: ServerContext,
  row: ChannelRow,
  identity: string,
  lastReadIndex: number,
): number {
  const parts = ctx.db.unreadParts.get(row.id, lastReadIndex, identity)!;
  return unreadCount(row, { lastReadIndex, deletedAfter: parts.deleted_after, ownAfter: parts.own_after });
}

/**
 * Builds the channel as each of several identities sees it, reading what all members share (the
 * members, their horizons, the newest message) once: a change fanned out to every member's view
 * costs one unread count per member on top.
 */
export function channelViews(ctx: ServerContext, row: ChannelRow): (identity: string) => WireChannel {
  let shared: { members: string[]; lastReadIndexes: Record<string, number>; lastMessage: WireMessage | null };
  return (identity) => {
    const horizon = ctx.members.horizon(row.id, identity);
    if (horizon === undefined) return toWireChannel(row, null);
    if (!shared) {
      const last = ctx.db.newestMessage.get(row.id);
      shared = {
        members: [...ctx.members.of(row.id)],
        lastReadIndexes: ctx.members.horizons(row.id),
        lastMessage: last ? toWireMessage(last, row.name) : null,
      };
    }
    const parts = ctx.db.unreadParts.get(row.id, horizon, identity)!;
    return toWireChannel(row, {
      ...shared,
      lastReadIndex: horizon,
      deletedAfter: parts.deleted_after,
      ownAfter: parts.own_after,
    });
  };
}

/** The channel as `identity` sees it: a member's view, or the metadata only (see `toWireChannel`). */
export function channelView(ctx: ServerContext, row: ChannelRow, identity: string): WireChannel {
  return channelViews(ctx, row)(identity);
}

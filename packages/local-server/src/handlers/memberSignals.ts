import type { WireParams, WireResult } from '@chat/protocol';
import { memberChannel, unreadOf } from '../channelAccess.js';
import type { ServerContext } from '../context.js';

/**
 * Moves the caller's read horizon (clamped to [-1, newest]) and tells every connection of the
 * caller, so that two tabs agree on the unread count, and the other members (`memberHorizonChanged`:
 * read receipts) when it moved.
 */
export function setReadHorizon(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'setReadHorizon'>,
): WireResult<'setReadHorizon'> {
  const row = memberChannel(ctx, params.channel, identity);
  const lastReadIndex = Math.max(-1, Math.min(params.index, row.last_index));
  const moved = ctx.members.horizon(row.id, identity) !== lastReadIndex;
  if (moved) {
    ctx.db.setHorizon.run(lastReadIndex, row.id, identity);
    ctx.members.setHorizon(row.id, identity, lastReadIndex);
  }
  const unread = unreadOf(ctx, row, identity, lastReadIndex);
  ctx.hub.toUser(identity, {
    event: 'readHorizonChanged',
    channel: row.name,
    lastReadIndex,
    unreadCount: unread,
  });
  if (moved) {
    ctx.hub.toMembers(
      ctx.members.of(row.id),
      { event: 'memberHorizonChanged', channel: row.name, identity, lastReadIndex },
      identity,
    );
  }
  return { lastReadIndex, unreadCount: unread };
}

/** A typing signal; peers see `typingStarted` once and `typingEnded` after the timeout. */
export function typing(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'typing'>,
): WireResult<'typing'> {
  const row = memberChannel(ctx, params.channel, identity);
  ctx.typing.signal(row.id, row.name, identity);
  return {};
}

import type { WireParams, WireResult } from '@chat/protocol';
import { memberChannel } from '../channelAccess.js';
import type { ServerContext } from '../context.js';

/**
 * Moves the caller's read horizon (clamped to [-1, newest]) and tells every connection of the
 * caller, so that two tabs agree on the unread count.
 */
export function setReadHorizon(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'setReadHorizon'>,
): WireResult<'setReadHorizon'> {
  const row = memberChannel(ctx, params.channel, identity);
  const lastReadIndex = Math.max(-1, Math.min(params.index, row.last_index));
  ctx.db.setHorizon.run(lastReadIndex, row.id, identity);
  const unreadCount = row.last_index - lastReadIndex;
  ctx.hub.toUser(identity, { event: 'readHorizonChanged', channel: row.name, lastReadIndex, unreadCount });
  return { lastReadIndex, unreadCount };
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

import type { WireChannel } from '@chat/protocol';
import type { ServerContext } from './context.js';
import type { ChannelRow } from './db.js';
import { ProtocolError } from './errors.js';
import { toWireChannel, toWireMessage } from './wire.js';

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

/** The channel as `identity` sees it: its horizon and unread count, null when not a member. */
export function channelView(ctx: ServerContext, row: ChannelRow, identity: string): WireChannel {
  const last = row.last_index >= 0 ? ctx.db.messageAt.get(row.id, row.last_index) : undefined;
  const horizon = ctx.db.horizon.get(row.id, identity);
  return toWireChannel(
    row,
    [...ctx.members.of(row.id)],
    last ? toWireMessage(last, row.name) : null,
    horizon ? horizon.last_read_index : null,
  );
}

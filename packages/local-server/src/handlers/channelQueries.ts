import { channelView, visibleChannel } from '../channelAccess.js';
import type { ServerContext } from '../context.js';
import type { MessageRow } from '../db.js';
import type { Params } from '../protocol.js';
import { toWireChannel, toWireMessage, type WireChannel } from '../wire.js';

function byChannel(rows: MessageRow[]): Map<number, MessageRow> {
  return new Map(rows.map((row) => [row.channel_id, row]));
}

/**
 * Channels the caller belongs to, with read horizons, unread counts and last messages, in three
 * indexed queries whatever the number of channels (the connect path of every client).
 */
export function listChannels(ctx: ServerContext, identity: string): { channels: WireChannel[] } {
  const rows = ctx.db.channelsOf.all(identity);
  const last = byChannel(ctx.db.lastMessagesOf.all(identity));
  const channels = rows.map((row) => {
    const message = last.get(row.id);
    return toWireChannel(
      row,
      [...ctx.members.of(row.id)],
      message ? toWireMessage(message, row.name) : null,
      row.last_read_index,
    );
  });
  return { channels };
}

/** Every group (public) channel; horizon and unread count are null where the caller is no member. */
export function listPublicChannels(ctx: ServerContext, identity: string): { channels: WireChannel[] } {
  const rows = ctx.db.groupChannels.all(identity);
  const last = byChannel(ctx.db.lastGroupMessages.all());
  const channels = rows.map((row) => {
    const message = last.get(row.id);
    return toWireChannel(
      row,
      [...ctx.members.of(row.id)],
      message ? toWireMessage(message, row.name) : null,
      row.last_read_index,
    );
  });
  return { channels };
}

/** One channel the caller may see. */
export function getChannel(
  ctx: ServerContext,
  identity: string,
  params: Params<'getChannel'>,
): { channel: WireChannel } {
  return { channel: channelView(ctx, visibleChannel(ctx, params.name, identity), identity) };
}

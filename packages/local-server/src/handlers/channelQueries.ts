import type { WireChannel, WireChannelPage, WireParams, WireResult } from '@chat/protocol';
import { channelView, visibleChannel } from '../channelAccess.js';
import type { ServerContext } from '../context.js';
import type { ListedChannelRow, MessageRow } from '../db.js';
import { toWireChannel, toWireMessage } from '../wire.js';

/** Channels per page when the request names no `limit`. */
export const DEFAULT_PAGE_LIMIT = 100;

/**
 * Encoded size past which a page ends early (it always holds at least one channel): a channel
 * may carry a 4 KiB description, 16 KiB of attributes, a 32 KiB last message and a thousand
 * members, and no single answer frame should grow with how many such channels someone made.
 */
export const PAGE_BUDGET_BYTES = 512 * 1024;

/**
 * Turns up to `limit + 1` rows (the extra one says whether more follow) into a page, reading the
 * last messages of these channels only, and stopping early at {@link PAGE_BUDGET_BYTES}.
 */
function toPage(ctx: ServerContext, rows: ListedChannelRow[], limit: number): WireChannelPage {
  const page = rows.slice(0, limit);
  const last = new Map<number, MessageRow>();
  // Only members see a channel's newest message: a public listing reads none for the others.
  const memberOf = page.filter((row) => row.last_read_index !== null);
  if (memberOf.length > 0) {
    for (const row of ctx.db.lastMessagesIn.all(JSON.stringify(memberOf.map((row) => row.id)))) {
      last.set(row.channel_id, row);
    }
  }
  const channels: WireChannel[] = [];
  let bytes = 0;
  for (const row of page) {
    const message = last.get(row.id);
    const channel = toWireChannel(
      row,
      row.last_read_index === null
        ? null
        : {
            members: [...ctx.members.of(row.id)],
            lastReadIndexes: ctx.members.horizons(row.id),
            lastMessage: message ? toWireMessage(message, row.name) : null,
            lastReadIndex: row.last_read_index,
            deletedAfter: row.deleted_after,
            ownAfter: row.own_after,
          },
    );
    bytes += Buffer.byteLength(JSON.stringify(channel));
    if (channels.length > 0 && bytes > PAGE_BUDGET_BYTES) {
      return { channels, next: channels.at(-1)!.name };
    }
    channels.push(channel);
  }
  return { channels, next: rows.length > limit ? channels.at(-1)!.name : null };
}

/**
 * One page of the channels the caller belongs to, in unique-name order, with read horizons,
 * unread counts and last messages: the connect path of every client, in two indexed queries per
 * page however many channels others have put the caller in.
 */
export function listChannels(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'listChannels'>,
): WireResult<'listChannels'> {
  const limit = params.limit ?? DEFAULT_PAGE_LIMIT;
  return toPage(ctx, ctx.db.channelsPageOf.all(identity, params.after ?? '', limit + 1), limit);
}

/**
 * One page of every group (public) channel, in unique-name order. Where the caller is no member it
 * sees the metadata only: no members, horizons, messages nor unread count (`toWireChannel`).
 */
export function listPublicChannels(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'listPublicChannels'>,
): WireResult<'listPublicChannels'> {
  const limit = params.limit ?? DEFAULT_PAGE_LIMIT;
  return toPage(ctx, ctx.db.groupChannelsPage.all(identity, params.after ?? '', limit + 1), limit);
}

/** One channel the caller may see. */
export function getChannel(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'getChannel'>,
): WireResult<'getChannel'> {
  return { channel: channelView(ctx, visibleChannel(ctx, params.name, identity), identity) };
}

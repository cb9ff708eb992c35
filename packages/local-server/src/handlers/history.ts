import type { WireParams, WireResult } from '@chat/protocol';
import { memberChannel } from '../channelAccess.js';
import type { ServerContext } from '../context.js';
import { toWireMessage } from '../wire.js';

/**
 * A page of history, oldest first: up to `pageSize` messages with index ≤ `anchor` (the newest
 * page without one). Indexes start at 0 without gaps, so older pages exist iff the first index > 0.
 */
export function getMessages(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'getMessages'>,
): WireResult<'getMessages'> {
  const row = memberChannel(ctx, params.channel, identity);
  const anchor = Math.min(params.anchor ?? row.last_index, row.last_index);
  const rows = ctx.db.page.all(row.id, anchor, params.pageSize).reverse();
  const messages = rows.map((message) => toWireMessage(message, row.name));
  const first = messages[0];
  return { messages, hasOlder: first !== undefined && first.index > 0 };
}

/** Messages with index > `index`, oldest first: the resync after a reconnect. */
export function getMessagesAfter(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'getMessagesAfter'>,
): WireResult<'getMessagesAfter'> {
  const row = memberChannel(ctx, params.channel, identity);
  const rows = ctx.db.after.all(row.id, params.index, params.limit ?? 1000);
  const messages = rows.map((message) => toWireMessage(message, row.name));
  const last = messages.at(-1);
  return { messages, hasMore: last !== undefined && last.index < row.last_index };
}

import { MAX_CHANGES_LIMIT, type WireParams, type WireResult, type WireTombstone } from '@chat/protocol';
import { memberChannel } from '../channelAccess.js';
import type { ServerContext } from '../context.js';
import { toWireMessage } from '../wire.js';

/**
 * A page of history, oldest first: up to `pageSize` messages with index ≤ `anchor` (the newest
 * page without one). Deleted messages leave gaps, so whether older ones exist is read, not
 * inferred from the first index: one row more than the page is asked for.
 */
export function getMessages(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'getMessages'>,
): WireResult<'getMessages'> {
  const row = memberChannel(ctx, params.channel, identity);
  const anchor = Math.min(params.anchor ?? row.last_index, row.last_index);
  const rows = ctx.db.page.all(row.id, anchor, params.pageSize + 1);
  const hasOlder = rows.length > params.pageSize;
  if (hasOlder) rows.pop();
  const messages = rows.reverse().map((message) => toWireMessage(message, row.name));
  return { messages, hasOlder };
}

/** Messages with index > `index`, oldest first: the resync after a reconnect. */
export function getMessagesAfter(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'getMessagesAfter'>,
): WireResult<'getMessagesAfter'> {
  const row = memberChannel(ctx, params.channel, identity);
  const limit = params.limit ?? 1000;
  const rows = ctx.db.after.all(row.id, params.index, limit + 1);
  const hasMore = rows.length > limit;
  if (hasMore) rows.pop();
  return { messages: rows.map((message) => toWireMessage(message, row.name)), hasMore };
}

/**
 * What changed after change number `after`, in change order: messages sent or edited since, as
 * they are now, and messages deleted since (each change number belongs to one of them), within
 * [`from`..`to`] when given. Both lists are read one row past `limit` and merged, so the answer
 * ends at a change number the next call can continue from.
 */
export function getChanges(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'getChanges'>,
): WireResult<'getChanges'> {
  const row = memberChannel(ctx, params.channel, identity);
  const limit = params.limit ?? MAX_CHANGES_LIMIT;
  const from = params.from ?? 0;
  const to = params.to ?? Number.MAX_SAFE_INTEGER;
  const changed = ctx.db.changedAfter.all(row.id, params.after, from, to, limit + 1);
  const deleted = ctx.db.deletedAfter.all(row.id, params.after, from, to, limit + 1);
  // Merged in change order, cut at `limit`: the answer covers every change up to the last it holds.
  const seqs = [...changed.map((m) => m.change_seq), ...deleted.map((t) => t.change_seq)].sort(
    (a, b) => a - b,
  );
  const hasMore = seqs.length > limit;
  const through = hasMore ? seqs[limit - 1]! : row.change_seq;
  return {
    messages: changed.filter((m) => m.change_seq <= through).map((m) => toWireMessage(m, row.name)),
    deleted: deleted
      .filter((t) => t.change_seq <= through)
      .map((t): WireTombstone => ({ index: t.idx, sid: t.sid, changeSeq: t.change_seq })),
    changeSeq: through,
    hasMore,
  };
}

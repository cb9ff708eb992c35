import type { WireParams, WireResult } from '@chat/protocol';
import { memberChannel } from '../channelAccess.js';
import type { ServerContext } from '../context.js';
import type { ChannelRow, MessageRow } from '../db.js';
import { ProtocolError } from '../errors.js';
import { toWireMessage } from '../wire.js';
import { checkBody } from './sendMessage.js';

/** The caller's own stored message at `index`, or the refusal that says why not. */
function ownMessage(ctx: ServerContext, row: ChannelRow, index: number, identity: string, verb: string) {
  const message = ctx.db.messageAt.get(row.id, index);
  if (!message) {
    throw new ProtocolError(
      'invalid_argument',
      `index ${index} names no message of ${JSON.stringify(row.name)} (deleted, or not sent yet); ${verb} a message the channel shows.`,
    );
  }
  if (message.author !== identity) {
    throw new ProtocolError(
      'forbidden',
      `message ${index} of ${JSON.stringify(row.name)} was written by ${JSON.stringify(message.author)}; only its author may ${verb} it.`,
    );
  }
  return message;
}

/**
 * Replaces the body of a message its author wrote, with the limits of sending (a message with a file
 * may have an empty body). The change takes the channel's next change number; every member's
 * connections get `messageUpdated`. The same body again changes nothing and sends nothing.
 */
export function editMessage(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'editMessage'>,
): WireResult<'editMessage'> {
  const { db } = ctx;
  const row = memberChannel(ctx, params.channel, identity);
  const stored = ownMessage(ctx, row, params.index, identity, 'edit');
  checkBody(params.body, stored.media_sid !== null);
  if (stored.body === params.body) return { message: toWireMessage(stored, row.name) };
  const now = Date.now();
  const changeSeq = db.db.transaction(() => {
    const seq = db.channelById.get(row.id)!.change_seq + 1;
    db.editMessage.run(params.body, now, seq, row.id, params.index);
    db.setChangeSeq.run(seq, row.id);
    return seq;
  })();
  const edited: MessageRow = { ...stored, body: params.body, edited_at: now, change_seq: changeSeq };
  const message = toWireMessage(edited, row.name);
  ctx.hub.toMembers(ctx.members.of(row.id), { event: 'messageUpdated', message });
  return { message };
}

/**
 * Deletes a message its author wrote. Its row becomes a tombstone, so that its index stays a gap for
 * good and `getChanges` reports it; its file is deleted with it. Every member's connections get
 * `messageRemoved` with the channel's newest message after the deletion (their stores recount
 * unread from it: a deleted message is no longer unread).
 */
export function deleteMessage(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'deleteMessage'>,
): WireResult<'deleteMessage'> {
  const { db } = ctx;
  const row = memberChannel(ctx, params.channel, identity);
  const stored = ownMessage(ctx, row, params.index, identity, 'delete');
  const changeSeq = db.db.transaction(() => {
    const seq = db.channelById.get(row.id)!.change_seq + 1;
    db.deleteMessage.run(row.id, params.index);
    db.insertTombstone.run(row.id, params.index, stored.sid, stored.author, seq, Date.now());
    db.setChangeSeq.run(seq, row.id);
    return seq;
  })();
  // Two messages may name one upload (a resend with a new clientId): the file goes with the last.
  if (stored.media_sid !== null && !db.mediaInUse.get(stored.media_sid))
    ctx.mediaStore.delete(stored.media_sid);
  const last = db.newestMessage.get(row.id);
  ctx.hub.toMembers(ctx.members.of(row.id), {
    event: 'messageRemoved',
    channel: row.name,
    index: params.index,
    sid: stored.sid,
    author: stored.author,
    changeSeq,
    lastMessage: last ? toWireMessage(last, row.name) : null,
  });
  return {};
}

import { randomUUID } from 'node:crypto';
import { MAX_BODY_BYTES, type WireMessage, type WireParams, type WireResult } from '@chat/protocol';
import { memberChannel } from '../channelAccess.js';
import type { ServerContext } from '../context.js';
import type { ChannelRow, MediaRow } from '../db.js';
import { ProtocolError } from '../errors.js';
import { toWireMedia, toWireMessage } from '../wire.js';

/**
 * Refuses a body over the size limit, or an empty one without media: the rule of sending, and of
 * editing (where `hasMedia` is the edited message's).
 */
export function checkBody(body: string, hasMedia: boolean): void {
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_BODY_BYTES) {
    throw new ProtocolError(
      'invalid_argument',
      `body is ${bytes} bytes (UTF-8), over the limit of ${MAX_BODY_BYTES}; split it or send a file.`,
    );
  }
  if (bytes === 0 && !hasMedia) {
    throw new ProtocolError('invalid_argument', 'body is empty; send text or attach a mediaSid.');
  }
}

/** Validates the body and the media reference; returns the uploaded file, if any. */
function check(ctx: ServerContext, row: ChannelRow, params: WireParams<'sendMessage'>): MediaRow | null {
  checkBody(params.body, params.mediaSid !== undefined);
  if (params.mediaSid === undefined) return null;
  const media = ctx.db.media.get(params.mediaSid);
  if (!media || media.channel_id !== row.id) {
    throw new ProtocolError(
      'invalid_argument',
      `mediaSid ${JSON.stringify(params.mediaSid)} was not uploaded to ${JSON.stringify(row.name)}; upload with POST /media?channel=… first.`,
    );
  }
  return media;
}

/**
 * Stores a message and fans it out. The reply and the events go out only after the transaction
 * commits. The same `(channel, author, clientId)` again returns the stored message and broadcasts
 * nothing, which makes client retries exactly-once. The author is part of the key so that a
 * member who sends with another's clientId first stores their own message and blocks nothing.
 */
export function sendMessage(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'sendMessage'>,
): WireResult<'sendMessage'> {
  const { db } = ctx;
  const row = memberChannel(ctx, params.channel, identity);
  const stored = db.messageByClientId.get(row.id, identity, params.clientId);
  if (stored) return { message: toWireMessage(stored, row.name) };
  const media = check(ctx, row, params);

  const now = Date.now();
  const sid = `IM${randomUUID().replaceAll('-', '')}`;
  const attributes = JSON.stringify(params.attributes ?? {});
  const mediaSid = media === null ? null : media.sid;
  const { index, changeSeq } = db.db.transaction(() => {
    const channel = db.channelById.get(row.id)!;
    const next = channel.last_index + 1;
    const seq = channel.change_seq + 1;
    db.insertMessage.run(
      row.id,
      next,
      sid,
      params.clientId,
      identity,
      params.body,
      attributes,
      mediaSid,
      now,
      seq,
    );
    db.setLastIndex.run(next, seq, row.id);
    db.setHorizon.run(next, row.id, identity);
    return { index: next, changeSeq: seq };
  })();
  ctx.members.setHorizon(row.id, identity, index);

  const message: WireMessage = {
    sid,
    index,
    channel: row.name,
    clientId: params.clientId,
    author: identity,
    body: params.body,
    attributes: params.attributes ?? {},
    // From the row check() already read: no second query after the commit.
    media: media === null ? null : toWireMedia(media),
    dateCreated: now,
    editedAt: null,
    changeSeq,
  };
  ctx.typing.stop(row.id, identity);
  ctx.hub.toMembers(ctx.members.of(row.id), { event: 'messageAdded', message });
  ctx.hub.toUser(identity, {
    event: 'readHorizonChanged',
    channel: row.name,
    lastReadIndex: index,
    unreadCount: 0,
  });
  return { message };
}

import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { authenticate } from '../authenticate.js';
import type { ServerContext } from '../context.js';
import type { ProtocolError } from '../errors.js';
import { channelNameSchema } from '../protocol.js';
import type { WireMedia } from '../wire.js';
import { HttpFailure } from './HttpFailure.js';
import { readLimitedBody } from './readLimitedBody.js';
import { sanitizeFilename } from './sanitizeFilename.js';
import { bytesMatchType } from './sniffImage.js';

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

function caller(ctx: ServerContext, koa: Context): string {
  const match = /^Bearer (\S+)$/.exec(koa.get('Authorization'));
  if (!match?.[1]) {
    throw new HttpFailure(401, 'token_invalid', 'Send the access token as "Authorization: Bearer TOKEN".');
  }
  try {
    return authenticate(ctx.options.keys, match[1]).identity;
  } catch (error) {
    const { code, message } = error as ProtocolError;
    throw new HttpFailure(401, code, message);
  }
}

function contentType(koa: Context): string {
  const raw = koa.get('Content-Type');
  if (raw === '') return 'application/octet-stream';
  const essence = (raw.split(';')[0] ?? '').trim().toLowerCase();
  if (!MIME.test(essence)) {
    throw new HttpFailure(
      415,
      'invalid_argument',
      `Content-Type ${JSON.stringify(raw)} is not a media type.`,
    );
  }
  return essence;
}

/**
 * `POST /media?channel=NAME&filename=FILE`: stores an upload for a member of the channel. The
 * caller and channel are checked before a byte of the body is read; the size limit is enforced
 * while reading; a declared image type must match the bytes. The filename is only stored as data.
 */
export function uploadMedia(ctx: ServerContext) {
  return async (koa: Context): Promise<void> => {
    const identity = caller(ctx, koa);
    const name = channelNameSchema.safeParse(koa.query.channel);
    if (!name.success) {
      throw new HttpFailure(
        400,
        'invalid_argument',
        'Give the channel as ?channel=UNIQUE_NAME (1-256 characters).',
      );
    }
    const row = ctx.db.channelByName.get(name.data);
    if (!row || (row.type === 'private' && !ctx.members.has(row.id, identity))) {
      throw new HttpFailure(
        404,
        'channel_not_found',
        `No channel named ${JSON.stringify(name.data)} that you can see.`,
      );
    }
    if (!ctx.members.has(row.id, identity)) {
      throw new HttpFailure(403, 'not_member', `Join ${JSON.stringify(name.data)} before uploading to it.`);
    }
    const type = contentType(koa);
    const bytes = await readLimitedBody(koa.req, ctx.options.mediaMaxBytes, ctx.options.uploadTimeoutMs);
    if (bytes.length === 0) throw new HttpFailure(400, 'invalid_argument', 'The upload is empty.');
    if (!bytesMatchType(type, bytes)) {
      throw new HttpFailure(
        415,
        'invalid_argument',
        `The bytes are not ${type}; declare the file's real type.`,
      );
    }
    const rawName = typeof koa.query.filename === 'string' ? koa.query.filename : undefined;
    const media: WireMedia = {
      sid: `ME${randomUUID().replaceAll('-', '')}`,
      filename: sanitizeFilename(rawName),
      contentType: type,
      size: bytes.length,
    };
    ctx.db.insertMedia.run(
      media.sid,
      row.id,
      media.filename,
      type,
      bytes.length,
      identity,
      Date.now(),
      bytes,
    );
    koa.status = 201;
    koa.body = { media };
  };
}

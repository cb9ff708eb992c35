import { randomUUID } from 'node:crypto';
import { channelNameProblem, describeNameProblem, type WireErrorCode, type WireMedia } from '@chat/protocol';
import { type BodyRefusalCodes, HttpError, readLimitedBody } from '@chat/server';
import type { Context } from 'koa';
import { authenticate } from '../authenticate.js';
import type { ServerContext } from '../context.js';
import type { ProtocolError } from '../errors.js';
import { sanitizeFilename } from './sanitizeFilename.js';
import { bytesMatchType } from './sniffImage.js';

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;
// Every refused body is the client's to fix: `invalid_argument`, whatever the status.
const BODY_CODES = {
  tooLarge: 'invalid_argument',
  timeout: 'invalid_argument',
  broken: 'invalid_argument',
} satisfies Record<keyof BodyRefusalCodes, WireErrorCode>;

function caller(ctx: ServerContext, koa: Context): string {
  const match = /^Bearer (\S+)$/.exec(koa.get('Authorization'));
  if (!match?.[1]) {
    throw new HttpError<WireErrorCode>(
      401,
      'token_invalid',
      'no access token; send it as "Authorization: Bearer TOKEN".',
    );
  }
  try {
    return authenticate(ctx.options.keys, match[1]).identity;
  } catch (error) {
    const { code, message } = error as ProtocolError;
    throw new HttpError<WireErrorCode>(401, code, `${message}`);
  }
}

function contentType(koa: Context): string {
  const raw = koa.get('Content-Type');
  if (raw === '') return 'application/octet-stream';
  const essence = (raw.split(';')[0] ?? '').trim().toLowerCase();
  if (!MIME.test(essence)) {
    throw new HttpError<WireErrorCode>(
      415,
      'invalid_argument',
      `Content-Type ${JSON.stringify(raw)} is not a media type; send the file's, e.g. "image/png".`,
    );
  }
  return essence;
}

/** Checks the bytes read, then stores them; resolves once the upload is whole and visible. */
async function store(
  ctx: ServerContext,
  koa: Context,
  identity: string,
  channelId: number,
  type: string,
  bytes: Buffer,
): Promise<WireMedia> {
  if (bytes.length === 0) {
    throw new HttpError<WireErrorCode>(400, 'invalid_argument', 'the body is empty; send the file.');
  }
  if (!bytesMatchType(type, bytes)) {
    throw new HttpError<WireErrorCode>(
      415,
      'invalid_argument',
      `the bytes are not ${type}; declare the file's real type.`,
    );
  }
  const rawName = typeof koa.query.filename === 'string' ? koa.query.filename : undefined;
  const media: WireMedia = {
    sid: `ME${randomUUID().replaceAll('-', '')}`,
    filename: sanitizeFilename(rawName),
    contentType: type,
    size: bytes.length,
  };
  const now = Date.now();
  const stored = {
    sid: media.sid,
    channelId,
    filename: media.filename,
    contentType: type,
    uploadedBy: identity,
    dateCreated: now,
  };
  try {
    await ctx.mediaStore.store(stored, bytes);
  } catch (error) {
    if (!ctx.mediaStore.stopped) throw error;
    throw new HttpError<WireErrorCode>(
      503,
      'backend',
      'the server shut down while storing the upload; upload it again once the server is back.',
    );
  }
  // The channel may have moved on while the body arrived: its newest index now bounds the search.
  ctx.mediaExpiry.track(media.sid, channelId, ctx.db.channelById.get(channelId)?.last_index ?? -1, now);
  return media;
}

/**
 * `POST /media?channel=NAME&filename=FILE`: stores an upload for a member of the channel. The
 * caller, channel and upload quota are checked before a byte of the body is read; the size limit
 * is enforced while reading; a declared image type must match the bytes. The filename is only
 * stored as data. The bytes are stored a chunk per event-loop turn (MediaStore); the 201 comes
 * once the upload is whole and visible. An upload no message uses is deleted after
 * `unattachedMediaTtlMs`.
 */
export function uploadMedia(ctx: ServerContext) {
  return async (koa: Context): Promise<void> => {
    const identity = caller(ctx, koa);
    const name = koa.query.channel;
    const problem = channelNameProblem(name);
    if (typeof name !== 'string' || problem !== null) {
      throw new HttpError<WireErrorCode>(
        400,
        'invalid_argument',
        typeof name === 'string' && problem !== null
          ? `channel ${describeNameProblem(problem, name, 'channel')}.`
          : `channel is ${name === undefined ? 'missing' : 'given twice'}; give it once, as ?channel=UNIQUE_NAME.`,
      );
    }
    const row = ctx.db.channelByName.get(name);
    if (!row || (row.type === 'private' && !ctx.members.has(row.id, identity))) {
      throw new HttpError<WireErrorCode>(
        404,
        'channel_not_found',
        `no channel named ${JSON.stringify(name)} that you can see; check the name.`,
      );
    }
    if (!ctx.members.has(row.id, identity)) {
      throw new HttpError<WireErrorCode>(
        403,
        'not_member',
        `you are not a member of ${JSON.stringify(name)}; join it before uploading to it.`,
      );
    }
    const type = contentType(koa);
    // A declared length over the size limit is refused with 413 by the read, not with 429 here.
    const declared = Number(koa.get('Content-Length'));
    const reserve =
      Number.isSafeInteger(declared) && declared > 0 ? Math.min(declared, ctx.options.mediaMaxBytes) : 0;
    const settle = ctx.uploads.begin(identity, reserve);
    let bytes: Buffer = Buffer.alloc(0);
    try {
      bytes = await readLimitedBody(koa.req, {
        limitBytes: ctx.options.mediaMaxBytes,
        timeoutMs: ctx.options.uploadTimeoutMs,
        codes: BODY_CODES,
      });
      koa.body = { media: await store(ctx, koa, identity, row.id, type, bytes) };
      koa.status = 201;
    } finally {
      // The body is in memory until stored: until then it counts as an upload in progress.
      settle(bytes.length);
    }
  };
}

import type { WireErrorCode } from '@chat/protocol';
import { type BodyRefusalCodes, HttpError, readLimitedBody } from '@chat/server';
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { authenticate } from '../authenticate.js';
import { ProtocolError } from '../errors.js';
import { mediaUrl } from '../handlers/mediaUrl.js';
import { sanitizeFilename } from '../http/sanitizeFilename.js';
import { bytesMatchType } from '../http/sniffImage.js';
import type { FrontDoorState } from './FrontDoorState.js';
import { parseMultipart } from './parseMultipart.js';
import { iso } from './syncViews.js';

/** The upload's refusals are the client's to fix: `invalid_argument`, as on the local protocol. */
const BODY_CODES = {
  tooLarge: 'invalid_argument',
  timeout: 'invalid_argument',
  broken: 'invalid_argument',
} satisfies Record<keyof BodyRefusalCodes, WireErrorCode>;

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

/** Who sends the request: the media client puts the access token in `X-Twilio-Token`. */
function caller(state: FrontDoorState, koa: Context): string {
  const token = koa.get('X-Twilio-Token');
  if (!token)
    throw new HttpError<WireErrorCode>(
      401,
      'token_invalid',
      'Send the access token in the X-Twilio-Token header.',
    );
  try {
    return authenticate(state.ctx.options.keys, token).identity;
  } catch (error) {
    const { code, message } = error as ProtocolError;
    throw new HttpError<WireErrorCode>(401, code, message);
  }
}

function essence(raw: string | undefined): string {
  if (!raw) return 'application/octet-stream';
  const type = (raw.split(';')[0] ?? '').trim().toLowerCase();
  if (!MIME.test(type))
    throw new HttpError<WireErrorCode>(
      415,
      'invalid_argument',
      `Content-Type ${JSON.stringify(raw)} is not a media type.`,
    );
  return type;
}

interface MediaFields {
  sid: string;
  filename: string;
  contentType: string;
  size: number;
  author: string | null;
  dateCreated: number;
  channelSid: string | null;
  url: string | null;
}

/** A media record as `McsMedia._update` reads it; `content_direct_temporary` is the download URL. */
function record(state: FrontDoorState, service: string, media: MediaFields) {
  const url = `${state.ctx.baseUrl}/mcs/v1/Services/${service}/Media/${media.sid}`;
  return {
    sid: media.sid,
    service_sid: service,
    account_sid: state.ctx.options.keys.accountSid,
    channel_sid: media.channelSid,
    message_sid: null,
    date_created: iso(media.dateCreated),
    date_upload_updated: iso(media.dateCreated),
    date_updated: iso(media.dateCreated),
    size: media.size,
    content_type: media.contentType,
    filename: media.filename,
    author: media.author,
    category: 'media',
    is_multipart_upstream: false,
    url,
    links: { content: `${url}/Content`, content_direct_temporary: media.url },
  };
}

/**
 * One media record for the caller: an upload still waiting for its message (its uploader only;
 * no download URL yet), or stored media of a channel the caller belongs to, with a signed URL
 * served by `GET /media/:sid` (the same downloads as the local protocol's).
 */
function lookup(state: FrontDoorState, service: string, identity: string, sid: string) {
  const staged = state.staging.get(sid);
  if (staged && staged.uploader === identity) {
    return record(state, service, {
      ...staged,
      size: staged.bytes.length,
      author: identity,
      channelSid: null,
      url: null,
    });
  }
  const stored = state.ctx.db.media.get(sid);
  let url: string;
  try {
    url = mediaUrl(state.ctx, identity, { sid }).url;
  } catch (error) {
    if (error instanceof ProtocolError)
      throw new HttpError<WireErrorCode>(error.code === 'not_member' ? 403 : 404, error.code, error.message);
    throw error;
  }
  const channel = stored ? state.ctx.db.channelById.get(stored.channel_id) : undefined;
  return record(state, service, {
    sid,
    filename: stored?.filename ?? 'file',
    contentType: stored?.content_type ?? 'application/octet-stream',
    size: stored?.size ?? 0,
    author: null,
    dateCreated: Date.now(),
    channelSid: channel?.sid ?? null,
    url,
  });
}

/**
 * The media service (MCS) the SDKs reach over plain HTTP (its links come from the Configuration
 * answer): `POST …/Media` uploads (raw bytes with their Content-Type and `?Filename=`, or a
 * multipart form with one file), `GET …/Media/:sid` describes one with a temporary download URL,
 * `POST …/MediaSet` does that for several. Uploads obey `mediaMaxBytes` and `uploadTimeoutMs`.
 */
export function mcsRouter(state: FrontDoorState): Router {
  const router = new Router({ prefix: '/mcs/v1/Services/:service' });
  const { options } = state.ctx;

  router.post('/Media', async (koa) => {
    const identity = caller(state, koa);
    let type = essence(koa.get('Content-Type') || undefined);
    let bytes = await readLimitedBody(koa.req, {
      limitBytes: options.mediaMaxBytes,
      timeoutMs: options.uploadTimeoutMs,
      codes: BODY_CODES,
    });
    let filename = typeof koa.query.Filename === 'string' ? koa.query.Filename : undefined;
    if (type === 'multipart/form-data') {
      const file = parseMultipart(koa.get('Content-Type'), bytes);
      if (!file) throw new HttpError<WireErrorCode>(400, 'invalid_argument', 'The form has no file part.');
      type = essence(file.contentType);
      bytes = file.bytes;
      filename = file.filename ?? filename;
    }
    if (bytes.length === 0)
      throw new HttpError<WireErrorCode>(400, 'invalid_argument', 'The upload is empty.');
    if (!bytesMatchType(type, bytes)) {
      throw new HttpError<WireErrorCode>(
        415,
        'invalid_argument',
        `The bytes are not ${type}; declare the file's real type.`,
      );
    }
    const staged = state.staging.add(identity, sanitizeFilename(filename), type, bytes);
    if (!staged) {
      throw new HttpError<WireErrorCode>(
        429,
        'rate_limited',
        'Too many uploads waiting for their message; send the messages first.',
      );
    }
    koa.status = 201;
    koa.body = lookup(state, koa.params.service ?? '', identity, staged.sid);
  });

  router.get('/Media/:sid', (koa) => {
    const identity = caller(state, koa);
    koa.body = lookup(state, koa.params.service ?? '', identity, koa.params.sid ?? '');
  });

  router.post('/MediaSet', async (koa) => {
    const identity = caller(state, koa);
    const raw = await readLimitedBody(koa.req, {
      limitBytes: 64 * 1024,
      timeoutMs: options.uploadTimeoutMs,
      codes: BODY_CODES,
    });
    let query: { list?: Array<{ media_sid?: unknown }> };
    try {
      query = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError<WireErrorCode>(
        400,
        'invalid_argument',
        'The body must be JSON: {"command":"get","list":[{"media_sid":"ME…"}]}.',
      );
    }
    koa.body = (Array.isArray(query.list) ? query.list : []).map(({ media_sid: sid }) => {
      try {
        return { code: 200, media_record: lookup(state, koa.params.service ?? '', identity, String(sid)) };
      } catch (error) {
        return { code: error instanceof HttpError ? error.status : 500, media_record: { sid } };
      }
    });
  });

  return router;
}

import type { WireErrorCode } from '@chat/protocol';
import { HttpError } from '@chat/server';
import type { Context } from 'koa';
import type { ServerContext } from '../context.js';
import { verifyMediaSignature } from '../mediaSignature.js';
import { isSniffedImage } from './sniffImage.js';

function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * `GET /media/:sid?exp=MS&sig=HEX`: the bytes of an upload for whoever holds a URL signed by
 * `mediaUrl` (which only members get). The signature is checked before the sid is looked up, so
 * a forged URL learns nothing about which sids exist. Only the checked image types are inline.
 */
export function downloadMedia(ctx: ServerContext) {
  return async (koa: Context & { params: Record<string, string> }): Promise<void> => {
    const sid = koa.params.sid ?? '';
    const exp = typeof koa.query.exp === 'string' ? koa.query.exp : undefined;
    const sig = typeof koa.query.sig === 'string' ? koa.query.sig : undefined;
    const verdict = verifyMediaSignature(ctx.options.keys.apiSecret, sid, exp, sig);
    if (verdict === 'invalid') {
      throw new HttpError<WireErrorCode>(
        403,
        'forbidden',
        'the URL signature is invalid; get a URL with "mediaUrl".',
      );
    }
    if (verdict === 'expired') {
      throw new HttpError<WireErrorCode>(
        403,
        'forbidden',
        'the URL has expired; get a fresh one with "mediaUrl".',
      );
    }
    const media = ctx.db.media.get(sid);
    if (!media) {
      throw new HttpError<WireErrorCode>(
        404,
        'channel_not_found',
        `no media ${JSON.stringify(sid)}; it expired unattached or was never uploaded.`,
      );
    }
    const inline = isSniffedImage(media.content_type);
    koa.set('Content-Type', media.content_type);
    koa.set('X-Content-Type-Options', 'nosniff');
    koa.set('Content-Security-Policy', "default-src 'none'; sandbox");
    koa.set('Cache-Control', 'private, max-age=300');
    koa.set('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', media.filename));
    // Streamed a chunk per turn as the socket drains: a large file never holds the event loop.
    koa.body = ctx.mediaStore.read(sid, media.size);
    // Koa sets a type and drops the length for a stream body; the stored ones must win.
    koa.type = media.content_type;
    koa.length = media.size;
  };
}

import type { IncomingMessage } from 'node:http';
import type { WireErrorCode } from '@chat/protocol';
import { HttpError } from '@chat/server';
import { Router } from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import type { ServerContext } from '../context.js';
import { closeAfterResponse } from './closeAfterResponse.js';
import { downloadMedia } from './downloadMedia.js';
import { uploadMedia } from './uploadMedia.js';

/** Whether the request announced a body that has not fully arrived. */
function bodyUnread(req: IncomingMessage): boolean {
  const announced =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0;
  return announced && !req.complete;
}

const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * The HTTP side: `GET /healthz`, `POST /media`, `GET /media/:sid`, CORS for the browser app.
 * Errors (`HttpError<WireErrorCode>` of `@chat/server`) become `status {"error":{"code","message"}}`;
 * nothing is thrown past the first middleware.
 */
export function createHttpApp(ctx: ServerContext): Koa {
  const app = new Koa();
  // Without a listener Koa prints stream errors (a client that hangs up mid-upload) to stderr.
  app.on('error', (error: { code?: unknown }) => {
    const code = typeof error?.code === 'string' ? error.code : '';
    if (CLIENT_GONE.has(code) || code.startsWith('HPE_')) {
      ctx.options.logger.info(`local-server: an HTTP client went away mid-request (${code})`);
    } else {
      ctx.options.logger.error('local-server: HTTP stream error', error);
    }
  });
  app.use(async (koa: Context, next: Next) => {
    try {
      await next();
      if (koa.status === 404 && koa.body === undefined) {
        throw new HttpError<WireErrorCode>(
          404,
          'invalid_argument',
          'no such route; see the HTTP routes in the README of @chat/local-server.',
        );
      }
    } catch (error) {
      // `<METHOD> <route>: <what was wrong>; <how to fix>.`: the request is named here, once, by its
      // route (`GET /media/:sid`), so that the answer to a guessed sid does not depend on the sid.
      const route = (koa as { routerPath?: unknown }).routerPath; // set by @koa/router when one matched
      const where = `${koa.method} ${typeof route === 'string' ? route : koa.path}`;
      if (error instanceof HttpError) {
        koa.status = error.status;
        koa.set(error.headers);
        koa.body = { error: { code: error.code, message: `${where}: ${error.message}` } };
      } else {
        ctx.options.logger.error('local-server: HTTP request failed', error);
        koa.status = 500;
        const message = `${where}: internal error; see the server log.`;
        koa.body = { error: { code: 'backend' satisfies WireErrorCode, message } };
      }
    }
    // The rest of a refused body is never read: the connection cannot be reused, and waiting for
    // that body would let a client hold the socket as long as it keeps trickling.
    if (koa.status >= 400 && bodyUnread(koa.req)) closeAfterResponse(koa.req, koa.res);
  });
  app.use(async (koa: Context, next: Next) => {
    const origin = koa.get('Origin');
    if (origin && ctx.options.allowOrigin(origin)) {
      koa.set('Access-Control-Allow-Origin', origin);
      koa.vary('Origin');
      koa.set('Access-Control-Expose-Headers', 'Content-Disposition');
      if (koa.method === 'OPTIONS') {
        koa.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        koa.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Twilio-Token');
        koa.set('Access-Control-Max-Age', '600');
        koa.status = 204;
        return;
      }
    }
    await next();
  });
  const router = new Router();
  router.get('/healthz', (koa) => {
    koa.body = { ok: true };
  });
  router.post('/media', uploadMedia(ctx));
  router.get('/media/:sid', downloadMedia(ctx));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

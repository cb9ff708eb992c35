import { Router } from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import type { ServerContext } from '../context.js';
import { downloadMedia } from './downloadMedia.js';
import { HttpFailure } from './HttpFailure.js';
import { uploadMedia } from './uploadMedia.js';

const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * The HTTP side: `GET /healthz`, `POST /media`, `GET /media/:sid`, CORS for the browser app.
 * Errors become `status {"error":{"code","message"}}`; nothing is thrown past the first middleware.
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
        throw new HttpFailure(404, 'invalid_argument', `No route ${koa.method} ${koa.path}; see the README.`);
      }
    } catch (error) {
      if (error instanceof HttpFailure) {
        koa.status = error.status;
        koa.body = { error: { code: error.code, message: error.message } };
        // The rest of a refused body is not read: the connection cannot be reused.
        if (error.status === 413 || error.status === 408) koa.set('Connection', 'close');
        return;
      }
      ctx.options.logger.error('local-server: HTTP request failed', error);
      koa.status = 500;
      koa.body = { error: { code: 'backend', message: 'Internal error; see the server log.' } };
    }
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

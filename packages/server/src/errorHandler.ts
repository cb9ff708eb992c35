import type { Context, Middleware, Next } from 'koa';
import { HttpError, type HttpErrorCode } from './HttpError.js';
import type { Logger } from './logger.js';

const CODE_BY_STATUS: Record<number, HttpErrorCode> = {
  400: 'invalid_argument',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Turns any error into the JSON error body, with no stack or secret. */
function toHttpError(error: unknown, ctx: Context): HttpError {
  if (error instanceof HttpError) return error;
  const status = (error as { status?: unknown } | null)?.status;
  const expose = (error as { expose?: unknown } | null)?.expose === true;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? 'invalid_argument';
    const message = expose && error instanceof Error ? error.message : `the request was refused (${status}).`;
    return new HttpError(status, code, message);
  }
  ctx.app.emit('error', error, ctx);
  return new HttpError(500, 'internal', 'internal error; it has been logged, try again later.');
}

/**
 * The first middleware: renders every error as `{"error":{"code","message"}}` with its status
 * and logs one JSON line per request. The message reads `<METHOD> <path>: <what was wrong>; <how to
 * fix>.`: the request is named here, once, so errors are thrown without it.
 * Health checks that succeed are not logged (probes would drown everything else).
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx: Context, next: Next) => {
    const started = performance.now();
    let error: HttpError | undefined;
    try {
      await next();
    } catch (thrown) {
      error = toHttpError(thrown, ctx);
    }
    if (error !== undefined) {
      ctx.status = error.status;
      ctx.set(error.headers);
      ctx.body = { error: { code: error.code, message: `${ctx.method} ${ctx.path}: ${error.message}` } };
    }
    if (ctx.path === '/healthz' && error === undefined) return;
    const fields: Record<string, unknown> = {
      method: ctx.method,
      path: ctx.path,
      status: ctx.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
      ip: ctx.ip,
    };
    if (ctx.state.identity !== undefined) fields.identity = ctx.state.identity;
    if (error !== undefined) fields.code = error.code;
    if (error !== undefined && error.status >= 500) logger.error('request failed', fields);
    else if (error !== undefined) logger.info('request refused', fields);
    else logger.info(ctx.state.identity === undefined ? 'request' : 'token issued', fields);
  };
}

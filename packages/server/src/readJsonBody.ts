import type { IncomingMessage } from 'node:http';
import { HttpError } from './HttpError.js';

/** Limits of {@link readJsonBody}. */
export interface ReadJsonBodyOptions {
  /** Largest accepted body in bytes. */
  limitBytes: number;
  /** How long the whole body may take to arrive, in milliseconds. */
  timeoutMs: number;
}

// The client may still be sending; closing the connection stops it instead of draining it.
const CLOSE = { Connection: 'close' };
const decoder = new TextDecoder('utf-8', { fatal: true });

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  if (header === 'application/json') return true; // what nearly every client sends
  const [type = '', ...params] = header.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  return params.every((param) => {
    const [name = '', value = ''] = param.split('=');
    return name.trim().toLowerCase() !== 'charset' || /^"?utf-8"?$/i.test(value.trim());
  });
}

function parse(chunks: Buffer[], size: number): unknown {
  if (size === 0) return undefined;
  let text: string;
  try {
    text = decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
  } catch {
    throw new HttpError(400, 'invalid_argument', 'the body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(
      400,
      'invalid_argument',
      'the body is not valid JSON; send e.g. {"identity":"alice"}',
    );
  }
}

/**
 * Reads a small JSON request body with a size limit and a deadline. Returns `undefined` when
 * the request has no body. A body must be `Content-Type: application/json` (UTF-8), at most
 * `limitBytes` and valid JSON.
 *
 * @throws {HttpError} 413 payload_too_large, 415 unsupported_media_type, 400 invalid_argument,
 *   408 request_timeout.
 */
export async function readJsonBody(req: IncomingMessage, options: ReadJsonBodyOptions): Promise<unknown> {
  const { limitBytes } = options;
  const declared = req.headers['content-length'];
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || (declared !== undefined && declared !== '0');
  if (!hasBody) return undefined;
  if (declared !== undefined && Number(declared) > limitBytes) {
    throw new HttpError(
      413,
      'payload_too_large',
      `the body is ${declared} bytes; the limit is ${limitBytes}`,
      CLOSE,
    );
  }
  if (!isJsonContentType(req.headers['content-type'])) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `send the body as Content-Type: application/json (UTF-8), not ${req.headers['content-type'] ?? 'without a content type'}`,
      CLOSE,
    );
  }

  return readStreamed(req, options);
}

// Body deadlines share one unref'd timer, set for the earliest of them: arming and clearing a
// timer per request cost ~2 µs of CPU under load, and nearly every body has arrived before its
// deadline matters. A pending request keeps its socket, so the process stays alive meanwhile.
interface Deadline {
  at: number;
  expire: () => void;
}
const deadlines = new Set<Deadline>();
let sweepAt = Number.POSITIVE_INFINITY;

function sweep(): void {
  sweepAt = Number.POSITIVE_INFINITY;
  const now = performance.now();
  let next = Number.POSITIVE_INFINITY;
  for (const deadline of deadlines) {
    if (deadline.at <= now) {
      deadlines.delete(deadline);
      deadline.expire();
    } else if (deadline.at < next) next = deadline.at;
  }
  if (next !== Number.POSITIVE_INFINITY) armSweep(next, now);
}

let sweepTimer: ReturnType<typeof setTimeout> | undefined;
function armSweep(at: number, now: number): void {
  if (at >= sweepAt) return;
  if (sweepTimer !== undefined) clearTimeout(sweepTimer);
  sweepAt = at;
  sweepTimer = setTimeout(sweep, Math.max(1, Math.ceil(at - now)));
  sweepTimer.unref();
}

function readStreamed(
  req: IncomingMessage,
  { limitBytes, timeoutMs }: ReadJsonBodyOptions,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      deadlines.delete(deadline);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const fail = (error: HttpError) => {
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        fail(
          new HttpError(413, 'payload_too_large', `the body is over the limit of ${limitBytes} bytes`, CLOSE),
        );
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve(parse(chunks, size));
      } catch (error) {
        reject(error);
      }
    };
    const onError = () => fail(new HttpError(400, 'invalid_argument', 'the request body could not be read'));
    const onClose = () =>
      fail(new HttpError(400, 'invalid_argument', 'the client closed the request mid-body'));
    const now = performance.now();
    const deadline: Deadline = {
      at: now + timeoutMs,
      expire: () =>
        fail(new HttpError(408, 'request_timeout', `the body did not arrive within ${timeoutMs} ms`, CLOSE)),
    };
    deadlines.add(deadline);
    armSweep(deadline.at, now);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

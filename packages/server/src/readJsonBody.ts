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
    text = decoder.decode(Buffer.concat(chunks, size));
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

function readStreamed(
  req: IncomingMessage,
  { limitBytes, timeoutMs }: ReadJsonBodyOptions,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      clearTimeout(deadline);
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
    // A slow-loris client sends a byte now and then; the deadline is for the whole body.
    const deadline = setTimeout(
      () =>
        fail(new HttpError(408, 'request_timeout', `the body did not arrive within ${timeoutMs} ms`, CLOSE)),
      timeoutMs,
    );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

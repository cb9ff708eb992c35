import type { IncomingMessage } from 'node:http';
import { HttpError } from './HttpError.js';
import { readLimitedBody } from './readLimitedBody.js';

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

function parse(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_argument', 'the body is not valid UTF-8; send UTF-8 JSON.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(
      400,
      'invalid_argument',
      'the body is not valid JSON; send e.g. {"identity":"alice"}.',
    );
  }
}

/**
 * Reads a small JSON request body with a size limit and a deadline (`readLimitedBody`). Returns
 * `undefined` when the request has no body. A body must be `Content-Type: application/json`
 * (UTF-8), at most `limitBytes` and valid JSON.
 *
 * @throws {HttpError} 413 payload_too_large, 415 unsupported_media_type, 400 invalid_argument,
 *   408 request_timeout.
 */
export async function readJsonBody(req: IncomingMessage, options: ReadJsonBodyOptions): Promise<unknown> {
  const declared = req.headers['content-length'];
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || (declared !== undefined && declared !== '0');
  if (!hasBody) return undefined;
  if (declared === undefined || Number(declared) <= options.limitBytes) {
    const type = req.headers['content-type'];
    if (!isJsonContentType(type)) {
      throw new HttpError(
        415,
        'unsupported_media_type',
        `the body is ${type === undefined ? 'without a content type' : JSON.stringify(type)}; send it as Content-Type: application/json (UTF-8).`,
        CLOSE,
      );
    }
  }
  return parse(await readLimitedBody(req, options));
}

import type { IncomingMessage } from 'node:http';
import { HttpError } from './HttpError.js';

/** The error codes of a refused body, in the code set of the server that reads it. */
export interface BodyRefusalCodes {
  /** Over `limitBytes` (413). Default `payload_too_large`. */
  tooLarge: string;
  /** Not complete within `timeoutMs` (408). Default `request_timeout`. */
  timeout: string;
  /** Cut or broken by the client (400). Default `invalid_argument`. */
  broken: string;
}

/** Limits of {@link readLimitedBody}. */
export interface ReadLimitedBodyOptions {
  /** Largest accepted body in bytes. */
  limitBytes: number;
  /** How long the whole body may take to arrive, in milliseconds. */
  timeoutMs: number;
  /** The codes of the refusals; the defaults are the token server's. */
  codes?: BodyRefusalCodes;
}

const TOKEN_SERVER_CODES: BodyRefusalCodes = {
  tooLarge: 'payload_too_large',
  timeout: 'request_timeout',
  broken: 'invalid_argument',
};
// The client may still be sending: the response closes the connection rather than drain it.
const CLOSE = { Connection: 'close' };

/**
 * Reads a request body into one Buffer, with a size limit and a deadline, for both servers (the
 * token server's JSON bodies, the local server's uploads). A declared `Content-Length` over the
 * limit is refused before a byte is read; a streamed body as soon as it passes the limit, before
 * the rest arrives. On a refusal the stream is paused, not destroyed, so that the error can still
 * be written; the error carries `Connection: close`.
 *
 * @throws {HttpError} 413 over `limitBytes`, 408 when not complete within `timeoutMs`, 400 when the
 *   client cuts it, with the codes of `codes`.
 */
export function readLimitedBody(req: IncomingMessage, options: ReadLimitedBodyOptions): Promise<Buffer> {
  const { limitBytes, timeoutMs, codes = TOKEN_SERVER_CODES } = options;
  const tooLarge = (declared?: string) =>
    new HttpError<string>(
      413,
      codes.tooLarge,
      `the body is ${declared === undefined ? 'over' : `${declared} bytes, over`} the limit of ${limitBytes} bytes; send at most ${limitBytes}.`,
      CLOSE,
    );
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) return Promise.reject(tooLarge(declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: HttpError<string>) => {
      cleanup();
      req.pause();
      chunks.length = 0;
      reject(error);
    };
    // A body that trickles in (slowloris) would hold the socket and its buffers indefinitely.
    const deadline = setTimeout(
      () =>
        fail(
          new HttpError<string>(
            408,
            codes.timeout,
            `the body did not arrive within ${timeoutMs} ms; send it again on a faster connection.`,
            CLOSE,
          ),
        ),
      timeoutMs,
    );
    const cleanup = () => {
      clearTimeout(deadline);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) fail(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    // A broken body is the client's doing (reset, abort): a 400, not an internal error.
    const onError = (error: Error) =>
      fail(
        new HttpError<string>(
          400,
          codes.broken,
          `the body could not be read (${error.message}); send it again.`,
        ),
      );
    // Whatever else ends the request first (the client gone, the server shutting down) settles it too.
    const onClose = () =>
      fail(
        new HttpError<string>(
          400,
          codes.broken,
          'the client closed the request before the body ended; send it again.',
        ),
      );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

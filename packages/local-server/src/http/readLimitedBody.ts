import type { IncomingMessage } from 'node:http';
import { HttpFailure } from './HttpFailure.js';

function tooLarge(limit: number): HttpFailure {
  return new HttpFailure(413, 'invalid_argument', `Upload is larger than the limit of ${limit} bytes.`);
}

/**
 * Reads a request body, refusing it with 413 as soon as it passes `limit` bytes — before the
 * rest arrives and before anything is stored — and with 408 when it is not complete within
 * `timeoutMs`. A `Content-Length` over the limit is refused up front.
 * On refusal the stream is paused rather than destroyed, so that the 413 can still be written
 * (the response then closes the connection).
 */
export function readLimitedBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // A body that trickles in (slowloris) would hold the socket and its buffers indefinitely.
    const deadline = setTimeout(() => {
      cleanup();
      req.pause();
      chunks.length = 0;
      reject(new HttpFailure(408, 'invalid_argument', `The upload did not arrive within ${timeoutMs} ms.`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(deadline);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      req.off('close', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    // A broken upload is the client's doing (reset, abort): a 400, not an internal error.
    const onError = (error: Error) => {
      cleanup();
      reject(
        error instanceof HttpFailure
          ? error
          : new HttpFailure(400, 'invalid_argument', `The upload failed: ${error.message}`),
      );
    };
    const onAborted = () =>
      onError(new HttpFailure(400, 'invalid_argument', 'The upload was aborted by the client.'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
    // Whatever else ends the socket first (server shutdown included) settles the read too.
    req.on('close', onAborted);
  });
}

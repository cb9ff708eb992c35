import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** One HTTP exchange as the attacker shapes it: any method, path, headers and raw body bytes. */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent as is; `chunked` drops Content-Length and sends Transfer-Encoding: chunked instead. */
  body?: Uint8Array | string;
  chunked?: boolean;
}

/** What came back. `status` 0 means the server closed the connection without answering. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * Sends one request to 127.0.0.1:`port` on a fresh connection (no keep-alive, so one attack
 * cannot poison the next) and resolves with the response, bounded by `timeoutMs`.
 */
export function rawRequest(port: number, req: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const headers: Record<string, string> = { Connection: 'close', ...req.headers };
    if (body !== undefined && !req.chunked) headers['Content-Length'] = String(body.length);
    // Node frames a body as chunks only for methods it expects a body with, unless told.
    if (body !== undefined && req.chunked) headers['Transfer-Encoding'] = 'chunked';
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          });
        });
        res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' }));
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      reject(new Error(`${req.method} ${req.path}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    // A server may answer and close before the whole body is written (413): that is an answer.
    outgoing.on('error', (error) => {
      if (!outgoing.writableFinished) return;
      clearTimeout(timer);
      reject(error);
    });
    outgoing.on('close', () => {
      setTimeout(() => {
        clearTimeout(timer);
        resolve({ status: 0, headers: {}, text: '' });
      }, 50);
    });
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}

import { connect } from 'node:net';

/** What a slow client saw. */
export interface SlowResult {
  /** Everything the server sent back (status line, headers, body), possibly nothing. */
  response: string;
  /** Whether the server closed the connection before `giveUpMs`. */
  closedByServer: boolean;
  /** Body bytes the client had managed to send. */
  bytesSent: number;
  /** When the server closed or answered, in ms after the headers were sent (undefined: never). */
  answeredAfterMs: number | undefined;
}

/**
 * A slow-loris client on a real socket: sends `head` (request line and headers) at once, then
 * `body` one byte every `intervalMs`, and gives up (destroying the socket) after `giveUpMs`.
 * Resolves when the server closes the connection or the client gives up, whichever is first.
 */
export function slowRequest(
  port: number,
  head: string,
  body: Buffer,
  { intervalMs, giveUpMs }: { intervalMs: number; giveUpMs: number },
): Promise<SlowResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let bytesSent = 0;
    let answeredAfterMs: number | undefined;
    let started = 0;
    let drip: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean) => {
      clearInterval(drip);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ response: Buffer.concat(chunks).toString(), closedByServer, bytesSent, answeredAfterMs });
    };
    const giveUp = setTimeout(() => finish(false), giveUpMs);
    socket.on('connect', () => {
      started = performance.now();
      socket.write(head);
      drip = setInterval(() => {
        if (bytesSent >= body.length || socket.destroyed) return;
        socket.write(body.subarray(bytesSent, bytesSent + 1));
        bytesSent += 1;
      }, intervalMs);
    });
    socket.on('data', (chunk: Buffer) => {
      answeredAfterMs ??= performance.now() - started;
      chunks.push(chunk);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      answeredAfterMs ??= performance.now() - started;
      finish(true);
    });
  });
}

/** The head of an HTTP/1.1 request with the given headers (Content-Length included by the caller). */
export function requestHead(method: string, path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

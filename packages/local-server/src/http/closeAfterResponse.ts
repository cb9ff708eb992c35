import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long a refused request's connection may keep sending after the response, and how much. */
const LINGER_MS = 1000;
const LINGER_MAX_BYTES = 64 * 1024;

/**
 * Ends the connection of a request answered before its body was read (401, 403, 404, 413, 415,
 * 408, 429…). Kept alive, Node would wait for the rest of the body, and a client declaring 100 MB
 * and sending a byte a second held the socket for 5 minutes (issue 12).
 *
 * The response says `Connection: close`; once it is written the server ends its side and, for
 * at most a second and 64 KiB, reads and discards what the client still sends, then destroys the
 * socket. Destroying it at once, with unread bytes pending, would send a reset that can reach the
 * client before it has read the error (the "lingering close" of HTTP servers).
 */
export function closeAfterResponse(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  const socket = req.socket as Socket & { destroySoon?: () => void };
  // Node's HTTP server calls destroySoon() after the last response of a connection (it ends the
  // socket and destroys it once written); this socket lingers instead.
  socket.destroySoon = () => {
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once('close', () => clearTimeout(timer));
    let discarded = 0;
    // The HTTP parser keeps reading the socket and hands the body to `req`: drain it there.
    req.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_MAX_BYTES) socket.destroy();
    });
    req.resume();
    socket.end();
  };
}

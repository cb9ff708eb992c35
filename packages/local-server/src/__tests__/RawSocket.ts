import { connect, type Socket } from 'node:net';
import { afterEach } from 'vitest';

const open = new Set<RawSocket>();
afterEach(() => {
  for (const raw of open) raw.destroy();
  open.clear();
});

/**
 * A raw TCP client for what HTTP clients never do: trickling headers or a body, ignoring the
 * server's FIN. `localAddress` picks the source address (127.0.0.x are all this machine), so that
 * tests can play two hosts.
 */
export class RawSocket {
  readonly socket: Socket;
  /** Everything the server sent, as latin1 text. */
  received = '';
  /** Resolves when the socket has closed, whoever closed it. */
  readonly closed: Promise<void>;
  /** Resolves true once connected, false if the connection failed or was closed first. */
  readonly connected: Promise<boolean>;
  #closedByUs = false;
  #trickle: NodeJS.Timeout | undefined;

  constructor(port: number, { localAddress = '127.0.0.1', allowHalfOpen = false } = {}) {
    this.socket = connect({ host: '127.0.0.1', port, localAddress, allowHalfOpen });
    open.add(this);
    this.socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('latin1');
    });
    this.socket.on('error', () => {});
    this.connected = new Promise((resolve) => {
      this.socket.once('connect', () => resolve(true));
      this.socket.once('close', () => resolve(false));
    });
    this.closed = new Promise((resolve) => {
      this.socket.once('close', () => {
        clearInterval(this.#trickle);
        resolve();
      });
    });
  }

  write(text: string | Buffer): void {
    if (this.socket.writable) this.socket.write(text);
  }

  /** Writes `next()` every `everyMs` until the socket closes. */
  trickle(next: () => string, everyMs: number): void {
    this.#trickle = setInterval(() => this.write(next()), everyMs);
  }

  /** Whether the server closed the socket within `ms` (a generous bound, not a timing assertion). */
  async closedByServerWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.closed.then(() => !this.#closedByUs), gaveUp]);
    clearTimeout(timer);
    return result;
  }

  destroy(): void {
    this.#closedByUs = true;
    clearInterval(this.#trickle);
    this.socket.destroy();
  }
}

/** The head of an HTTP/1.1 request. */
export function requestHead(
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
): string {
  const lines = Object.entries({ Host: '127.0.0.1', ...headers }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  );
  return `${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n`;
}

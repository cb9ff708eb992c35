import { isIPv6, type Socket } from 'node:net';
import type { LocalServerLogger } from './options.js';

/**
 * The key connections are counted under: the IPv4 address, or the /64 prefix of an IPv6 one (a
 * single host usually holds a whole /64, so counting per address would not limit it).
 */
export function addressKey(address: string | undefined): string {
  if (!address) return '?';
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/** How often at most a line about refused connections is logged. */
const REPORT_EVERY_MS = 10_000;

/**
 * Caps TCP connections, HTTP and WebSocket alike (an upgraded socket is the same connection), in
 * total and per remote address. The excess is closed at once, before a byte is read: sockets
 * that are never opened cannot exhaust file descriptors or memory (issue 12: 1,100 held sockets
 * made real connects and `/healthz` fail).
 */
export class ConnectionGate {
  readonly #max: number;
  readonly #maxPerAddress: number;
  readonly #logger: LocalServerLogger;
  readonly #byAddress = new Map<string, number>();
  #open = 0;
  #refusedSinceReport = 0;
  #lastReport = 0;

  constructor(max: number, maxPerAddress: number, logger: LocalServerLogger) {
    this.#max = max;
    this.#maxPerAddress = maxPerAddress;
    this.#logger = logger;
  }

  /** Connections open now (for tests and diagnostics). */
  get open(): number {
    return this.#open;
  }

  /** Counts a new connection until it closes, or destroys it when over a cap. */
  admit(socket: Socket): void {
    const key = addressKey(socket.remoteAddress);
    const fromAddress = this.#byAddress.get(key) ?? 0;
    if (this.#open >= this.#max || fromAddress >= this.#maxPerAddress) {
      socket.destroy();
      this.#report(this.#open >= this.#max ? 'maxConnections' : 'maxConnectionsPerAddress', key);
      return;
    }
    this.#open += 1;
    this.#byAddress.set(key, fromAddress + 1);
    socket.once('close', () => {
      this.#open -= 1;
      const left = (this.#byAddress.get(key) ?? 1) - 1;
      if (left <= 0) this.#byAddress.delete(key);
      else this.#byAddress.set(key, left);
    });
  }

  // A flood of refusals must not become a flood of log lines: one line per 10 s at most.
  #report(cap: string, key: string): void {
    this.#refusedSinceReport += 1;
    const now = Date.now();
    if (now - this.#lastReport < REPORT_EVERY_MS) return;
    this.#logger.info(
      `local-server: refused ${this.#refusedSinceReport} connection(s) over \`${cap}\` (latest from ${key}); raise the option if these are legitimate`,
    );
    this.#refusedSinceReport = 0;
    this.#lastReport = now;
  }
}

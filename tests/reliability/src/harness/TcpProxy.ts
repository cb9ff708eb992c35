import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between clients and a server, to break the network on purpose:
 * `drop()` cuts every connection at once (both ends see a reset, as when Wi-Fi drops),
 * `refuse` turns new connections away, `stall(ms)` stops forwarding bytes for a while without
 * closing anything (a dead link that TCP has not noticed yet).
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #pairs = new Set<[Socket, Socket]>();
  readonly #target: { host: string; port: number };
  /** While true, new connections are closed at once (the server looks down). */
  refuse = false;
  /** Connections cut by `drop()` so far. */
  dropped = 0;
  /** Connections accepted so far. */
  accepted = 0;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
    this.#server = createServer((client) => this.#accept(client));
  }

  /** Starts a proxy to `targetUrl` (an http URL) on a free loopback port. */
  static async start(targetUrl: string): Promise<TcpProxy> {
    const url = new URL(targetUrl);
    const proxy = new TcpProxy({ host: url.hostname, port: Number(url.port) });
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The proxy's http URL, to give clients instead of the server's. */
  get url(): string {
    const address = this.#server.address();
    if (!address || typeof address === 'string') throw new Error('the proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Open connections. */
  get open(): number {
    return this.#pairs.size;
  }

  #accept(client: Socket): void {
    if (this.refuse) {
      client.resetAndDestroy();
      return;
    }
    this.accepted++;
    const upstream = createConnection(this.#target);
    const pair: [Socket, Socket] = [client, upstream];
    this.#pairs.add(pair);
    const close = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) {
      socket.setNoDelay(true);
      socket.on('error', close);
      socket.on('close', close);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Cuts every open connection (RST to both ends). Returns how many were cut. */
  drop(): number {
    const pairs = [...this.#pairs];
    this.#pairs.clear();
    for (const [client, upstream] of pairs) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.dropped += pairs.length;
    return pairs.length;
  }

  /** Stops forwarding on every open connection for `ms`, then resumes (bytes are delayed, not lost). */
  async stall(ms: number): Promise<void> {
    const pairs = [...this.#pairs];
    for (const [client, upstream] of pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
    await new Promise((resolve) => setTimeout(resolve, ms));
    for (const [client, upstream] of pairs) {
      if (client.destroyed || upstream.destroyed) continue;
      client.pipe(upstream);
      upstream.pipe(client);
    }
  }

  /** Cuts everything and stops listening. */
  async close(): Promise<void> {
    this.refuse = true;
    this.drop();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

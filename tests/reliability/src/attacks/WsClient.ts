import WebSocket from 'ws';

/** A reply frame of the local server's protocol. */
export interface Reply {
  id: number | null;
  ok: boolean;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
}
/** An event frame. */
export type ServerEvent = { event: string } & Record<string, unknown>;

const open = new Set<WsClient>();
let errorSink: ((text: string) => void) | undefined;

/** Where every error reply's text goes (a LeakWatch records them: error bodies must not leak). */
export function setErrorSink(sink: ((text: string) => void) | undefined): void {
  errorSink = sink;
}

/** Terminates every client still open (call in afterEach/afterAll). */
export function closeAllClients(): void {
  for (const client of open) client.close();
  open.clear();
}

/**
 * A raw `ws` client of the local server that records every frame and the close, and can send
 * anything (non-JSON text, binary, invalid UTF-8) — the attacker's side of the protocol.
 */
export class WsClient {
  readonly ws: WebSocket;
  readonly events: ServerEvent[] = [];
  readonly replies: Reply[] = [];
  /** Text frames that were not JSON (the server must never send one). */
  readonly garbled: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  closeCode: number | undefined;
  readonly #waiters = new Set<() => void>();
  // Far above the ids fuzzed frames use, so that a fuzzed reply is never taken for ours.
  #nextId = 1e12;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        resolve({ code, reason: reason.toString() });
        this.#wake();
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(text) as Record<string, unknown>;
      } catch {
        this.garbled.push(text);
        return;
      }
      if (typeof frame.event === 'string') this.events.push(frame as ServerEvent);
      else {
        this.replies.push(frame as unknown as Reply);
        if (frame.ok === false) errorSink?.(text);
      }
      this.#wake();
    });
  }

  /** Opens a socket to `ws://…/ws` of a server whose http URL is `url`. */
  static async connect(url: string, headers: Record<string, string> = {}): Promise<WsClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers });
    const client = new WsClient(ws);
    open.add(client);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Opens a socket and says hello with `token`; throws when refused. */
  static async signIn(url: string, token: string): Promise<WsClient> {
    const client = await WsClient.connect(url);
    await client.call('hello', { token });
    return client;
  }

  /** Sends a request and resolves with its reply (or undefined when the socket closes first). */
  async request(op: string, params: Record<string, unknown> = {}): Promise<Reply | undefined> {
    const id = this.#nextId++;
    const from = this.replies.length;
    this.send(JSON.stringify({ ...params, id, op }));
    return this.replyTo(id, from);
  }

  /** Sends a request and returns its result; throws an error carrying the code when refused. */
  async call<T = Record<string, unknown>>(op: string, params: Record<string, unknown> = {}): Promise<T> {
    const reply = await this.request(op, params);
    if (reply === undefined) throw new Error(`${op}: the socket closed (${this.closeCode}) before a reply`);
    if (!reply.ok)
      throw Object.assign(new Error(`${op}: ${reply.error?.message}`), { code: reply.error?.code });
    return reply.result as T;
  }

  /** The error code of a request that must be refused; throws if it succeeded. */
  async errorOf(op: string, params: Record<string, unknown> = {}): Promise<string> {
    const reply = await this.request(op, params);
    if (reply?.ok)
      throw new Error(`${op} ${JSON.stringify(params).slice(0, 200)} succeeded; it must be refused`);
    return reply?.error?.code ?? `closed ${this.closeCode}`;
  }

  /** Sends anything as it is: a string as a text frame, a Buffer as binary unless `text`. */
  send(data: string | Buffer, text = typeof data === 'string'): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data, { binary: !text });
  }

  /**
   * The reply with this id among those received from index `from` on, waiting for it; undefined
   * once the socket has closed without it.
   */
  async replyTo(id: number, from = 0): Promise<Reply | undefined> {
    const find = () => this.replies.find((reply, i) => i >= from && reply.id === id);
    await this.until(() => find() !== undefined);
    return find();
  }

  /** Waits until `condition` holds or the socket is closed (bounded by the test timeout). */
  until(condition: () => boolean): Promise<void> {
    if (condition() || this.closeCode !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        if (condition() || this.closeCode !== undefined) {
          this.#waiters.delete(wake);
          resolve();
        }
      };
      this.#waiters.add(wake);
    });
  }

  /** Events of one name received so far. */
  named(name: string): ServerEvent[] {
    return this.events.filter((event) => event.event === name);
  }

  /** Terminates the socket (no close handshake). */
  close(): void {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    open.delete(this);
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}

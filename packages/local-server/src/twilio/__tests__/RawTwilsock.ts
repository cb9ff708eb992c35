import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import type { LocalServer } from '../../createLocalServer.js';
import { decodeFrame, encodeFrame, type TwilsockFrame, type TwilsockHeader } from '../frame.js';

const open = new Set<RawTwilsock>();

afterEach(() => {
  for (const client of open) client.ws.terminate();
  open.clear();
});

/** A tunnelled HTTP answer. */
export interface HttpAnswer {
  transport: number;
  status: number;
  body: Record<string, unknown> & { message?: string; code?: number };
}

/** A bare twilsock client (frames by hand), for what the SDKs never send or hide. */
export class RawTwilsock {
  readonly ws: WebSocket;
  readonly frames: TwilsockFrame[] = [];
  readonly closed: Promise<number>;
  readonly #waiters = new Set<() => void>();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.on('message', (data: Buffer) => {
      this.frames.push(decodeFrame(data));
      for (const wake of this.#waiters) wake();
    });
  }

  static async open(server: LocalServer, headers: Record<string, string> = {}): Promise<RawTwilsock> {
    const ws = new WebSocket(server.twilioClientOptions!.Twilsock.uri, { headers });
    const client = new RawTwilsock(ws);
    open.add(client);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Sends a frame and resolves with the reply of the same id. */
  async request(header: Omit<TwilsockHeader, 'id'>, payload?: unknown): Promise<TwilsockFrame> {
    const id = `TM${randomUUID()}`;
    this.ws.send(encodeFrame({ ...header, id } as TwilsockHeader, payload));
    return this.next((frame) => frame.header.method === 'reply' && frame.header.id === id);
  }

  async init(token: string): Promise<TwilsockFrame> {
    return this.request({ method: 'init', token, continuation_token: null, metadata: {}, registrations: [] });
  }

  /** An upstream HTTP request, as twilsock's `Upstream` frames it. */
  async http(
    method: string,
    path: string,
    params: Record<string, string> = {},
    body?: unknown,
  ): Promise<HttpAnswer> {
    const reply = await this.request(
      {
        method: 'message',
        active_grant: 'ip_messaging',
        payload_type: 'application/json',
        http_request: {
          host: 'localhost',
          path,
          method,
          params,
          headers: { 'Content-Type': 'application/json' },
        },
      },
      body,
    );
    const { status, http_status: http } = reply.header as unknown as {
      status: { code: number };
      http_status?: { code: number };
    };
    return {
      transport: status.code,
      status: http?.code ?? 0,
      body: (reply.payload ?? {}) as HttpAnswer['body'],
    };
  }

  /** Resolves with the first frame received (or to come) that matches. */
  next(match: (frame: TwilsockFrame) => boolean): Promise<TwilsockFrame> {
    const found = this.frames.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const wake = () => {
        const frame = this.frames.find(match);
        if (frame) {
          this.#waiters.delete(wake);
          resolve(frame);
        } else if (this.ws.readyState === WebSocket.CLOSED) {
          this.#waiters.delete(wake);
          reject(new Error('socket closed before the frame arrived'));
        }
      };
      this.#waiters.add(wake);
      this.ws.once('close', wake);
    });
  }
}

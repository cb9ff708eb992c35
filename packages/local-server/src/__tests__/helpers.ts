import { createHmac } from 'node:crypto';
import { type ChatKeys, createAccessToken, devKeys } from '@chat/server';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { createLocalServer, type LocalServer } from '../createLocalServer.js';
import type { LocalServerOptions } from '../options.js';

export const keys = devKeys;
const silent = { info() {}, error() {} };
const servers = new Set<LocalServer>();
const clients = new Set<TestClient>();

// Every test leaves nothing open: clients first, then servers.
afterEach(async () => {
  for (const client of clients) client.close();
  clients.clear();
  await Promise.all([...servers].map((server) => server.close()));
  servers.clear();
});

/** Starts a real server on port 0 with an in-memory database; closed after the test. */
export async function startServer(options: Partial<LocalServerOptions> = {}): Promise<LocalServer> {
  const server = await createLocalServer({ port: 0, dbPath: ':memory:', keys, logger: silent, ...options });
  servers.add(server);
  return server;
}

/** A token minted by @chat/server, valid for an hour unless `expiresInSeconds` says otherwise. */
export function tokenFor(identity: string, expiresInSeconds = 3600, tokenKeys: ChatKeys = keys): string {
  // createAccessToken refuses ttls under 3 minutes; backdating the clock gives short-lived tokens.
  const ttlSeconds = Math.max(180, expiresInSeconds);
  const now = Date.now() - (ttlSeconds - expiresInSeconds) * 1000;
  return createAccessToken(tokenKeys, identity, { ttlSeconds, now });
}

/** A hand-made JWT for the odd cases @chat/server will not mint (alg none, wrong claims). */
export function rawToken(header: object, payload: object, secret = keys.apiSecret): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The claims @chat/server puts in a token, for variations. */
export function claims(identity: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    jti: `${keys.apiKey}-${now}`,
    grants: { identity, chat: { service_sid: keys.serviceSid } },
    iat: now,
    exp: now + 3600,
    iss: keys.apiKey,
    sub: keys.accountSid,
    ...overrides,
  };
}

export interface Reply {
  id: number | null;
  ok: boolean;
  result?: Record<string, unknown>;
  error?: { code: string; message: string; retryAfterMs?: number };
}
export type Event = { event: string } & Record<string, unknown>;

/** A real `ws` client speaking the protocol, recording events and the close code. */
export class TestClient {
  readonly ws: WebSocket;
  readonly events: Event[] = [];
  readonly replies: Reply[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #pending = new Map<number, (reply: Reply) => void>();
  readonly #waiters = new Set<() => void>();
  #nextId = 1;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.#waiters) wake();
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      if (typeof frame.event === 'string') this.events.push(frame as Event);
      else {
        const reply = frame as unknown as Reply;
        this.replies.push(reply);
        if (reply.id !== null) {
          this.#pending.get(reply.id)?.(reply);
          this.#pending.delete(reply.id);
        }
      }
      for (const wake of this.#waiters) wake();
    });
  }

  /** Opens a socket; with an identity or token, also says hello and expects success. */
  static async open(
    server: LocalServer,
    who?: string | { token: string },
    options: WebSocket.ClientOptions = {},
  ): Promise<TestClient> {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, options);
    const client = new TestClient(ws);
    clients.add(client);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (who !== undefined)
      await client.call('hello', { token: typeof who === 'string' ? tokenFor(who) : who.token });
    return client;
  }

  /** Sends a request and resolves with the reply, ok or not. */
  request(op: string, params: Record<string, unknown> = {}): Promise<Reply> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, op, ...params }));
    });
  }

  /** Sends a request and returns its result; throws with the error code when refused. */
  async call<T = Record<string, unknown>>(op: string, params: Record<string, unknown> = {}): Promise<T> {
    const reply = await this.request(op, params);
    if (!reply.ok) throw Object.assign(new Error(reply.error?.message), { code: reply.error?.code });
    return reply.result as T;
  }

  /** The error code of a request that must fail. */
  async errorOf(op: string, params: Record<string, unknown> = {}): Promise<string | undefined> {
    const reply = await this.request(op, params);
    if (reply.ok) throw new Error(`${op} succeeded but was expected to fail`);
    return reply.error?.code;
  }

  /** Sends raw text and resolves with the next reply whatever its id. */
  async raw(text: string | Buffer): Promise<Reply> {
    const seen = this.replies.length;
    this.ws.send(text);
    await this.until(() => this.replies.length > seen);
    return this.replies[seen]!;
  }

  /** Resolves with the first recorded event matching, waiting for it if needed. */
  async event(name: string, match: (event: Event) => boolean = () => true): Promise<Event> {
    const find = () => this.events.find((event) => event.event === name && match(event));
    await this.until(() => find() !== undefined);
    return find()!;
  }

  /** Events of one name received so far. */
  named(name: string): Event[] {
    return this.events.filter((event) => event.event === name);
  }

  /** Waits (bounded by the test timeout and the socket's life) until `condition` holds. */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (condition()) {
          this.#waiters.delete(wake);
          resolve();
        } else if (this.ws.readyState === WebSocket.CLOSED) {
          this.#waiters.delete(wake);
          reject(new Error('socket closed before the condition held'));
        }
      };
      this.#waiters.add(wake);
    });
  }

  close(): void {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
  }
}

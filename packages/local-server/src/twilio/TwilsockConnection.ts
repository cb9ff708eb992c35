import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { authenticate } from '../authenticate.js';
import { ProtocolError } from '../errors.js';
import { RateLimiter } from '../rateLimiter.js';
import { TokenTimers } from '../tokenTimers.js';
import type { FrontDoorState } from './FrontDoorState.js';
import { decodeFrame, encodeFrame, FrameError, type TwilsockFrame, type TwilsockHeader } from './frame.js';
import type { SyncPeer } from './SyncProjection.js';
import { TwilioError } from './TwilioError.js';
import { twilioRoutes } from './twilioRoutes.js';
import { dispatch, type UpstreamRequest } from './upstream.js';

/** Bytes queued for one client beyond which it is dropped rather than buffered without end. */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

/** How long a refused client gets to close the socket itself before the server does. */
const REFUSED_CLOSE_MS = 1000;

const OK = { code: 200, status: 'OK' };
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

function decodeSegments(path: string): string[] {
  try {
    return path.split('?')[0]!.split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw new TwilioError(
      'invalid_argument',
      'conversations',
      `The path ${JSON.stringify(path)} is not URL-encoded correctly.`,
    );
  }
}

function decodeParams(params: unknown): Record<string, string> {
  const decoded: Record<string, string> = {};
  if (typeof params !== 'object' || params === null) return decoded;
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first !== 'string') continue;
    try {
      decoded[decodeURIComponent(key)] = decodeURIComponent(first.replaceAll('+', ' '));
    } catch {
      decoded[key] = first;
    }
  }
  return decoded;
}

/**
 * One twilsock WebSocket: `init` authenticates the access token (401 with Twilio's 20101 or
 * 20104 when refused), `update` replaces it, `message` carries the SDKs' HTTP requests to the
 * emulated REST and Sync services, `notification` carries Sync events and typing, and
 * `client_update` warns before the token runs out (`close` 410 when it has). Every frame the
 * server sends except a reply is acknowledged by the client; those acknowledgements are ignored.
 */
export class TwilsockConnection implements SyncPeer {
  identity = '';
  readonly subscriptions = new Set<string>();
  readonly #ws: WebSocket;
  readonly #socket: Duplex;
  readonly #state: FrontDoorState;
  readonly #timers: TokenTimers;
  readonly #limiter: RateLimiter | null;
  /** Whether this socket holds one of its identity's `maxSocketsPerIdentity` slots. */
  #holdsSlot = false;
  readonly #delayed = new Set<NodeJS.Timeout>();
  /** Set when the server refused: every later frame is ignored and the socket closes soon. */
  #closing: NodeJS.Timeout | undefined;
  #initTimer: NodeJS.Timeout | undefined;
  #ready = false;
  #alive = true;
  /** The "never answers" fault was on when this socket arrived. */
  readonly #silent: boolean;

  constructor(ws: WebSocket, socket: Duplex, state: FrontDoorState) {
    this.#ws = ws;
    this.#socket = socket;
    this.#state = state;
    const { rateLimit, helloTimeoutMs, tokenRefreshMarginMs } = state.ctx.options;
    this.#limiter = rateLimit === false ? null : new RateLimiter(rateLimit);
    this.#silent = state.faults.hang;
    this.#timers = new TokenTimers(tokenRefreshMarginMs, {
      aboutToExpire: () => this.pushTokenAboutToExpire(),
      expired: () => this.close(410, 'Token expired'),
    });
    if (!this.#silent) {
      this.#initTimer = setTimeout(
        () => this.#ws.close(4001, `no init within ${helloTimeoutMs} ms`),
        helloTimeoutMs,
      );
    }
    ws.on('message', (data: Buffer, isBinary: boolean) => this.#onMessage(data, isBinary));
    ws.on('close', () => this.dispose());
    ws.on('error', () => this.dispose());
    ws.on('pong', () => {
      this.#alive = true;
    });
  }

  /** Writes a frame, or later when `delayMs` > 0 (the Sync-lag fault). */
  send(frame: Buffer, delayMs = 0): void {
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        this.#delayed.delete(timer);
        this.send(frame);
      }, delayMs);
      this.#delayed.add(timer);
      return;
    }
    if (this.#ws.readyState !== WebSocket.OPEN) return;
    if (this.#socket.writableLength > MAX_QUEUED_BYTES) {
      this.terminate();
      return;
    }
    this.#state.ctx.batcher.hold(this.#socket);
    this.#ws.send(frame, { binary: true });
  }

  /** Sends `client_update` `token_about_to_expire` (the SDKs emit `tokenAboutToExpire`). */
  pushTokenAboutToExpire(): void {
    this.send(
      encodeFrame({
        method: 'client_update',
        id: `TM${randomUUID()}`,
        client_update_type: 'token_about_to_expire',
      }),
    );
  }

  /** Every heartbeat interval: a socket that did not answer the previous ping is cut. */
  heartbeat(): void {
    if (!this.#alive) {
      this.terminate();
      return;
    }
    this.#alive = false;
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.ping();
  }

  /** Sends twilsock's `close` with a status (410: token expired; the SDK reconnects on others), then closes. */
  close(status: number, text: string): void {
    this.send(
      encodeFrame({ method: 'close', id: `TM${randomUUID()}`, status: { code: status, status: text } }),
    );
    this.dispose();
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.close(1000, text);
  }

  /** Cuts the socket without a word, as a network failure would. */
  terminate(): void {
    this.dispose();
    this.#ws.terminate();
  }

  /** Releases timers and subscriptions. Idempotent. */
  dispose(): void {
    clearTimeout(this.#initTimer);
    clearTimeout(this.#closing);
    this.#timers.clear();
    for (const timer of this.#delayed) clearTimeout(timer);
    this.#delayed.clear();
    if (this.#ready) this.#state.projection.removePeer(this);
    this.#ready = false;
    if (this.#holdsSlot) this.#state.ctx.limits.removeSocket(this.identity);
    this.#holdsSlot = false;
  }

  #reply(
    id: unknown,
    status: { code: number; status: string; [key: string]: unknown },
    extra: object = {},
    payload?: unknown,
  ): void {
    const header: TwilsockHeader = {
      method: 'reply',
      id: typeof id === 'string' ? id : '',
      status,
      ...extra,
    };
    if (payload !== undefined) header.payload_type = 'application/json';
    this.send(encodeFrame(header, payload));
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (this.#silent || this.#closing) return;
    let frame: TwilsockFrame;
    try {
      frame = decodeFrame(isBinary ? data : Buffer.from(data));
    } catch (error) {
      const text = error instanceof FrameError ? error.message : String(error);
      this.close(406, `Not acceptable: ${text}`);
      return;
    }
    const { header } = frame;
    if (header.method === 'reply') return;
    const decision = this.#limiter ? this.#limiter.take() : 'ok';
    if (decision === 'close') {
      this.terminate();
      return;
    }
    if (decision === 'ok' && this.#ready && !this.#state.ctx.limits.takeFrame(this.identity)) {
      this.#reply(
        header.id,
        {
          code: 429,
          status: 'Too Many Requests',
          description: 'Too many requests from this identity; slow down.',
        },
        {},
        { backoff_policy: { reconnect_min_ms: 1000 } },
      );
      return;
    }
    if (decision === 'refuse') {
      this.#reply(
        header.id,
        { code: 429, status: 'Too Many Requests' },
        {},
        { backoff_policy: { reconnect_min_ms: 1000 } },
      );
      return;
    }
    switch (header.method) {
      case 'init':
        this.#init(header);
        return;
      case 'update':
        this.#update(header);
        return;
      case 'message':
        void this.#message(frame);
        return;
      case 'close':
        this.dispose();
        this.#ws.close(1000);
        return;
      default:
        // telemetry.v1, put_notification_ctx, delete_notification_ctx: accepted, nothing to do.
        this.#reply(header.id, OK);
    }
  }

  #refuse(id: unknown, error: unknown): void {
    const expired = error instanceof ProtocolError && error.code === 'token_expired';
    const forced = this.#state.faults.refuseInit;
    const errorCode = forced ?? (expired ? 20104 : 20101);
    const description = error instanceof Error ? error.message : String(error);
    this.#reply(id, { code: 401, status: 'Unauthorized', errorCode, description });
    // The SDK treats 401 as terminal and closes; a client that does not is closed shortly after.
    this.#closing = setTimeout(() => this.terminate(), REFUSED_CLOSE_MS);
  }

  #init(header: TwilsockHeader): void {
    if (this.#ready) {
      this.#reply(header.id, {
        code: 400,
        status: 'Bad Request',
        description: 'Already initialised; use "update".',
      });
      return;
    }
    const forced = this.#state.faults.refuseInit;
    if (forced !== null) {
      this.#refuse(header.id, new Error(`refused by the refuseInit(${forced}) fault`));
      return;
    }
    let auth: ReturnType<typeof authenticate>;
    try {
      auth = authenticate(this.#state.ctx.options.keys, typeof header.token === 'string' ? header.token : '');
    } catch (error) {
      this.#refuse(header.id, error);
      return;
    }
    // The same per-identity socket cap as the local protocol (issue 12): one user must not hold
    // the server's sockets. 429 makes the SDK back off and retry, as Twilio's own answer would.
    if (!this.#state.ctx.limits.addSocket(auth.identity)) {
      this.#reply(
        header.id,
        {
          code: 429,
          status: 'Too Many Requests',
          description: `${JSON.stringify(auth.identity)} has ${this.#state.ctx.options.maxSocketsPerIdentity} connections open already (maxSocketsPerIdentity); close one before connecting again.`,
        },
        {},
        { backoff_policy: { reconnect_min_ms: 5000 } },
      );
      this.#closing = setTimeout(() => this.terminate(), REFUSED_CLOSE_MS);
      return;
    }
    this.#holdsSlot = true;
    clearTimeout(this.#initTimer);
    this.identity = auth.identity;
    // A client reconnecting after a server restart re-subscribes to its maps by sid alone.
    this.#state.data.userMap('myConversations', auth.identity);
    this.#state.data.userMap('userInfo', auth.identity);
    this.#ready = true;
    this.#state.projection.addPeer(this);
    this.#timers.schedule(auth.expiresAt);
    this.#reply(header.id, OK, {
      continuation_token: `CT${randomUUID().replaceAll('-', '')}`,
      continuation_token_status: { reconnected: false },
      capabilities: ['client_update', 'offline_storage', 'telemetry.v1'],
      offline_storage: { ip_messaging: { storage_id: `ST${randomUUID().replaceAll('-', '')}` } },
      init_registrations: [],
      debug_info: {},
    });
  }

  #update(header: TwilsockHeader): void {
    if (!this.#ready) {
      this.#reply(header.id, {
        code: 401,
        status: 'Unauthorized',
        errorCode: 20101,
        description: 'Send "init" first.',
      });
      return;
    }
    let auth: ReturnType<typeof authenticate>;
    try {
      auth = authenticate(this.#state.ctx.options.keys, typeof header.token === 'string' ? header.token : '');
    } catch (error) {
      const expired = error instanceof ProtocolError && error.code === 'token_expired';
      const description = error instanceof Error ? error.message : String(error);
      this.#reply(header.id, {
        code: 401,
        status: 'Unauthorized',
        errorCode: expired ? 20104 : 20101,
        description,
      });
      return;
    }
    if (auth.identity !== this.identity) {
      this.#reply(header.id, {
        code: 401,
        status: 'Unauthorized',
        errorCode: 20101,
        description: `The token is for ${JSON.stringify(auth.identity)} but this connection is ${JSON.stringify(this.identity)}; create a new client to change user.`,
      });
      return;
    }
    this.#timers.schedule(auth.expiresAt);
    this.#reply(header.id, OK);
  }

  async #message(frame: TwilsockFrame): Promise<void> {
    const { header } = frame;
    if (this.#state.faults.ignoreRequests) {
      this.#state.faults.ignored += 1;
      return;
    }
    if (!this.#ready) {
      this.#reply(header.id, {
        code: 401,
        status: 'Unauthorized',
        errorCode: 20101,
        description: 'Send "init" first.',
      });
      return;
    }
    const http = header.http_request as Record<string, unknown> | undefined;
    let status = 200;
    let body: unknown;
    let after: (() => void) | undefined;
    try {
      if (
        typeof http !== 'object' ||
        http === null ||
        typeof http.path !== 'string' ||
        typeof http.method !== 'string'
      ) {
        throw new TwilioError(
          'invalid_argument',
          'conversations',
          'A message frame needs http_request { method, path }.',
        );
      }
      const request: UpstreamRequest = {
        method: http.method.toUpperCase(),
        segments: decodeSegments(http.path),
        params: decodeParams(http.params),
        headers: (typeof http.headers === 'object' && http.headers !== null ? http.headers : {}) as Record<
          string,
          string
        >,
        body: frame.payload,
      };
      const reply = await dispatch(twilioRoutes, request, {
        ...this.#state,
        identity: this.identity,
        peer: this,
      });
      ({ status, body, after } = reply);
    } catch (error) {
      if (error instanceof TwilioError) {
        const answered = this.#state.faults.conversationsCodes ? error.asConversations() : error;
        status = answered.status;
        body = answered.body;
      } else if (error instanceof ProtocolError) {
        const twilio = TwilioError.from(error, 'conversations');
        status = twilio.status;
        body = twilio.body;
      } else {
        this.#state.ctx.options.logger.error('local-server: Twilio request failed', error);
        status = 500;
        body = { status, code: 20500, message: 'Internal error; see the server log.' };
      }
    }
    this.#reply(
      header.id,
      OK,
      {
        http_status: { code: status, status: STATUS_TEXT[status] ?? 'Error' },
        http_headers: { 'Content-Type': 'application/json' },
      },
      body,
    );
    after?.();
  }
}

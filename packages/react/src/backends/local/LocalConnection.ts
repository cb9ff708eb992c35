import type { WireEvent, WireOp, WireParams, WireResult } from '@chat/protocol';
import type { BackendEvent } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';
import { type Backoff, backoffDelay } from '../../core/retry.js';
import { RpcSocket, retryAfterMs } from './RpcSocket.js';
import type { WebSocketConstructor } from './WebSocketLike.js';

/** Settings of {@link LocalConnection}, resolved from the backend's options. */
export interface ConnectionSettings {
  wsUrl: string;
  WebSocket: WebSocketConstructor | undefined;
  requestTimeoutMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
  keepAliveMs: number;
}

/**
 * idle: before connect / after shutdown. connecting: first hello in flight. connected: calls go out.
 * reconnecting: socket lost, backoff running. expired: token refused as expired, waiting for
 * updateToken. denied: token refused as invalid; only connect() again helps.
 */
type Phase = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'expired' | 'denied';

const TOKEN_CLOSE_CODES: Record<number, 'token_invalid' | 'token_expired'> = {
  4002: 'token_invalid',
  4003: 'token_expired',
};

/** Why a connect() gives up: a shutdown() or a newer connect() moved the generation on. */
const SUPERSEDED =
  'connect: shutdown() or a newer connect() ended this one; call connect() again to connect.';

/** A socket closed as rate limited (4008) reconnects from this step of the curve, not the first. */
const RATE_LIMITED_ATTEMPT = 3;

/**
 * The life of the local backend's connection: hello, token updates, reconnection with full-jitter
 * exponential backoff, keep-alive, shutdown. Every async step captures `#generation` and gives up
 * when shutdown()/connect() moved it on, so nothing from an old connection leaks into a new one.
 *
 * @internal Typed by `@chat/protocol`, which published types never mention (`stripInternal`).
 */
export class LocalConnection {
  readonly #settings: ConnectionSettings;
  /** Full jitter: clients dropped together by a restart do not come back together. */
  readonly #backoff: Backoff;
  readonly #mapEvent: (event: WireEvent) => BackendEvent | null;
  #phase: Phase = 'idle';
  #generation = 0;
  #emit: ((event: BackendEvent) => void) | null = null;
  #token = '';
  #identity = '';
  #socket: RpcSocket | null = null;
  #attempts = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  #abort = new AbortController();
  /** A socket being opened (connect or reconnect), until it opens or fails: shutdown() ends it. */
  #connecting: Promise<unknown> = Promise.resolve();
  /** An open socket whose hello is in flight (not adopted yet): shutdown() closes it. */
  #opening: RpcSocket | null = null;

  constructor(settings: ConnectionSettings, mapEvent: (event: WireEvent) => BackendEvent | null) {
    this.#settings = settings;
    this.#backoff = { baseMs: settings.initialDelayMs, maxMs: settings.maxDelayMs, jitter: 'full' };
    this.#mapEvent = mapEvent;
  }

  /** The latest token (the one given to connect or updateToken), for HTTP calls. */
  get token(): string {
    return this.#token;
  }

  /** Aborted by shutdown() and by a new connect(); for uploads in flight. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** True when requests can go out now. */
  get connected(): boolean {
    return this.#phase === 'connected';
  }

  async connect(token: string, emit: (event: BackendEvent) => void): Promise<{ identity: string }> {
    // A second connect replaces the first, which then emits nothing more. The generation is
    // taken synchronously so that of two overlapping connects only the last one wins.
    const closing = this.#stop();
    const generation = this.#generation;
    this.#emit = emit;
    this.#token = token;
    this.#phase = 'connecting';
    this.#send({ type: 'connectionStateChanged', state: 'connecting' });
    try {
      await closing;
      const { socket, identity, buffered } = await this.#open(token, generation);
      if (generation !== this.#generation) throw new ChatError('not_connected', SUPERSEDED);
      this.#identity = identity;
      this.#adopt(socket, generation, buffered);
      return { identity };
    } catch (cause) {
      const error = ChatError.from(cause, 'network');
      if (generation === this.#generation) {
        const denied = error.code === 'token_invalid' || error.code === 'token_expired';
        this.#send({ type: 'connectionStateChanged', state: denied ? 'denied' : 'error', error });
        await this.shutdown();
      }
      throw error;
    }
  }

  async updateToken(token: string): Promise<void> {
    switch (this.#phase) {
      case 'connected': {
        const previous = this.#token;
        this.#token = token;
        try {
          await this.#socket!.request('updateToken', { token });
        } catch (cause) {
          const error = ChatError.from(cause);
          if (error.code === 'network') return; // the reconnection presents the new token
          if (this.#token === token) this.#token = previous; // refused: keep the one that works
          throw error;
        }
        return;
      }
      case 'reconnecting':
        this.#token = token; // the next attempt uses it
        return;
      case 'expired':
        this.#token = token;
        this.#phase = 'reconnecting';
        try {
          await this.#reconnect();
        } catch (cause) {
          const error = ChatError.from(cause, 'network');
          if (error.code !== 'network') throw error; // network: the backoff goes on with this token
        }
        return;
      default:
        throw this.#notReady('updateToken');
    }
  }

  shutdown(): Promise<void> {
    return this.#stop();
  }

  /**
   * Synchronously forgets the connection; the promise settles when its socket has closed, and so
   * has any socket still being opened or greeted (no socket outlives shutdown()).
   */
  #stop(): Promise<void> {
    this.#generation++;
    this.#phase = 'idle';
    this.#emit = null;
    this.#abort.abort();
    this.#abort = new AbortController();
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#keepAliveTimer);
    this.#reconnectTimer = this.#keepAliveTimer = undefined;
    const error = new ChatError(
      'not_connected',
      'shutdown() closed the connection before the reply; connect again and retry.',
    );
    const sockets = [this.#socket, this.#opening];
    this.#socket = this.#opening = null;
    const closed = sockets.map((socket) => socket?.close(error));
    return Promise.all([...closed, this.#connecting.catch(() => {})]).then(() => {});
  }

  /**
   * Sends a request on the live connection. While reconnecting it rejects at once with
   * `network` rather than queueing: the store owns the outbox and resends after 'connected'.
   *
   * A request the server refuses as over a rate (`rate_limited` with `retryAfterMs`) did nothing
   * there: it goes out again once the wait is over, on whatever socket is live then, for as long as
   * the waits add up to no more than `requestTimeoutMs`. An honest client sending at the server's
   * limit (a burst after a reconnect, a busy user) is slowed down, not failed; only a refusal that
   * persists reaches the caller, as before.
   */
  async request<O extends WireOp>(op: O, params: WireParams<O>): Promise<WireResult<O>> {
    let waited = 0;
    for (;;) {
      if (this.#phase !== 'connected') throw this.#notReady(op);
      try {
        return await this.#socket!.request(op, params);
      } catch (error) {
        const wait = retryAfterMs(error);
        if (wait === null) throw error;
        // A little jitter: the tabs of one user refused together do not all come back together.
        const delay = wait + Math.random() * Math.min(wait, 100) + 1;
        if (waited + delay > this.#settings.requestTimeoutMs) throw error;
        waited += delay;
        await this.#pause(delay, op);
      }
    }
  }

  /** Waits `ms`; rejects with `not_connected` when shutdown() or a new connect() comes first. */
  #pause(ms: number, op: string): Promise<void> {
    const signal = this.#abort.signal;
    return new Promise((resolve, reject) => {
      const abort = () => {
        clearTimeout(timer);
        reject(
          new ChatError(
            'not_connected',
            `${op}: shutdown() or a new connect() came while it waited out the server's rate limit; connect again and retry.`,
          ),
        );
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', abort);
        resolve();
      }, ms);
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
    });
  }

  /** Throws what `request` would reject with when not connected. */
  assertConnected(op: string): void {
    if (this.#phase !== 'connected') throw this.#notReady(op);
  }

  #notReady(op: string): ChatError {
    switch (this.#phase) {
      case 'reconnecting':
      case 'expired':
        return new ChatError(
          'network',
          `${op}: the connection is down and being restored; retry once it is connected.`,
        );
      case 'denied':
        return new ChatError(
          'not_connected',
          `${op}: the server refused the token; call connect() with a valid one.`,
        );
      default:
        return new ChatError('not_connected', `${op}: not connected; await connect() first.`);
    }
  }

  /** Opens a socket and says hello; events arriving before adoption are buffered, not lost. */
  async #open(token: string, generation: number) {
    const Ctor = this.#settings.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined);
    if (!Ctor) {
      throw new ChatError(
        'invalid_argument',
        "connect: there is no global WebSocket (Node 20); pass localBackend({ url, WebSocket }) with `import WebSocket from 'ws'`.",
      );
    }
    if (generation !== this.#generation) throw new ChatError('not_connected', SUPERSEDED);
    const { wsUrl, requestTimeoutMs } = this.#settings;
    const connecting = RpcSocket.open(Ctor, wsUrl, requestTimeoutMs, this.#abort.signal);
    this.#connecting = connecting;
    const socket = await connecting;
    const buffered: WireEvent[] = [];
    socket.onEvent = (frame) => buffered.push(frame);
    try {
      if (generation !== this.#generation) throw new ChatError('not_connected', SUPERSEDED);
      this.#opening = socket;
      const result = await socket.request('hello', { token });
      if (generation !== this.#generation) throw new ChatError('not_connected', SUPERSEDED);
      return { socket, identity: result.identity, buffered };
    } catch (cause) {
      const code = socket.closeCode;
      if (this.#opening === socket) this.#opening = null;
      await socket.close(new ChatError('not_connected', 'closed'));
      const byClose = code === null ? undefined : TOKEN_CLOSE_CODES[code];
      if (byClose && ChatError.from(cause).code === 'network') {
        throw new ChatError(
          byClose,
          `connect: the local chat server refused the token (${byClose}, close ${code}); connect with a fresh one.`,
        );
      }
      throw cause;
    }
  }

  #adopt(socket: RpcSocket, generation: number, buffered: WireEvent[]): void {
    this.#opening = null;
    this.#socket = socket;
    this.#phase = 'connected';
    this.#attempts = 0;
    socket.onEvent = (frame) => {
      const event = generation === this.#generation ? this.#mapEvent(frame) : null;
      if (event) this.#send(event);
    };
    socket.onClose = (code) => this.#dropped(socket, code);
    const { keepAliveMs } = this.#settings;
    if (keepAliveMs > 0) {
      // Browsers cannot see the server's pings; a ping that times out is the only way to notice a dead socket.
      this.#keepAliveTimer = setInterval(() => {
        socket.request('ping', {}).catch((error: ChatError) => {
          if (error.code === 'network' && socket === this.#socket) socket.drop();
        });
      }, keepAliveMs);
    }
    this.#send({ type: 'connectionStateChanged', state: 'connected' });
    for (const frame of buffered) socket.onEvent(frame);
    if (socket.closeCode !== null) this.#dropped(socket, socket.closeCode);
  }

  #dropped(socket: RpcSocket, code: number): void {
    if (socket !== this.#socket) return;
    this.#socket = null;
    clearInterval(this.#keepAliveTimer);
    this.#keepAliveTimer = undefined;
    if (code === 4002) {
      this.#deny(
        new ChatError(
          'token_invalid',
          'connect: the local chat server closed the connection, the token being invalid; connect with a fresh one.',
        ),
      );
      return;
    }
    this.#send({ type: 'connectionStateChanged', state: 'reconnecting' });
    if (code === 4003) {
      this.#phase = 'expired';
      this.#send({ type: 'tokenExpired' });
      return;
    }
    this.#phase = 'reconnecting';
    this.#attempts = code === 4008 ? RATE_LIMITED_ATTEMPT : 0;
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const delay = backoffDelay(this.#backoff, this.#attempts++);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#reconnect().catch(() => {}); // the outcome is already in the phase and the events
    }, delay);
  }

  /** One attempt with the latest token; on failure it sets the phase, emits, and rethrows. */
  async #reconnect(): Promise<void> {
    const generation = this.#generation;
    const token = this.#token;
    try {
      const { socket, identity, buffered } = await this.#open(token, generation);
      if (identity !== this.#identity) {
        await socket.close(new ChatError('not_connected', 'closed'));
        throw new ChatError(
          'token_invalid',
          `updateToken: the new token is for ${JSON.stringify(identity)} but this connection is ${JSON.stringify(this.#identity)}; call connect() to change user.`,
        );
      }
      if (generation !== this.#generation) return;
      this.#adopt(socket, generation, buffered);
    } catch (cause) {
      const error = ChatError.from(cause, 'network');
      if (generation !== this.#generation) throw error;
      const refused = error.code === 'token_expired' || error.code === 'token_invalid';
      if (refused && this.#token !== token) return this.#reconnect(); // a newer token came meanwhile
      if (error.code === 'token_expired') {
        this.#phase = 'expired';
        this.#send({ type: 'tokenExpired' });
      } else if (error.code === 'token_invalid') {
        this.#deny(error);
      } else {
        this.#scheduleReconnect();
      }
      throw error;
    }
  }

  #deny(error: ChatError): void {
    this.#phase = 'denied';
    this.#send({ type: 'connectionStateChanged', state: 'denied', error });
  }

  #send(event: BackendEvent): void {
    const emit = this.#emit;
    if (!emit) return;
    try {
      emit(event);
    } catch (error) {
      // A listener's bug must not break the socket's handler; report it like an event target does.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

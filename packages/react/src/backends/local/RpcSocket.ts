import {
  MAX_FRAME_BYTES,
  type WireError,
  type WireEvent,
  type WireOp,
  type WireParams,
  type WireResult,
  type WireServerFrame,
} from '@chat/protocol';
import { ChatError } from '../../core/errors.js';
import type { WebSocketConstructor, WebSocketLike } from './WebSocketLike.js';

/** `WebSocket.CLOSED`, the same in every implementation. */
const CLOSED = 3;

interface Pending {
  // The result of the op this entry's id was sent with: `request` gives it its type back.
  resolve: (result: WireResult<WireOp>) => void;
  reject: (error: ChatError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Turns a wire error into a ChatError; codes the store does not know (`rate_limited`…) become
 * 'backend', with the wire error as `cause` (see {@link retryAfterMs}).
 */
function wireError(error: Partial<WireError> | undefined): ChatError {
  const { code, message } = error ?? {};
  const text = message || 'The local chat server refused the request without saying why.';
  if (ChatError.isCode(code)) return new ChatError(code, text);
  return new ChatError('backend', `${text} (${String(code)})`, { cause: error });
}

/**
 * The wait a `rate_limited` refusal asked for (its `retryAfterMs`), or null when `error` is not
 * one: another error, or a quota window refused without a wait worth making.
 */
export function retryAfterMs(error: unknown): number | null {
  const cause = error instanceof ChatError ? (error.cause as Partial<WireError> | undefined) : undefined;
  if (cause?.code !== 'rate_limited') return null;
  const wait = cause.retryAfterMs;
  return typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 ? wait : null;
}

/**
 * One WebSocket speaking the local protocol's request/reply framing: numbered requests, one
 * reply each, events on the side. It never reconnects — `LocalConnection` owns that — and
 * reports its end exactly once through `onClose`, after failing every pending request.
 *
 * @internal Typed by `@chat/protocol`, which published types never mention (`stripInternal`).
 */
export class RpcSocket {
  /** Called with every event frame (`{ event, ... }`). */
  onEvent: (event: WireEvent) => void = () => {};
  /** Called once when the socket ends without `close()` having been called. */
  onClose: (code: number) => void = () => {};
  /** The close code once the socket has ended, else null. */
  closeCode: number | null = null;

  readonly #socket: WebSocketLike;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closing: Promise<void> | null = null;

  private constructor(socket: WebSocketLike, timeoutMs: number) {
    this.#socket = socket;
    this.#timeoutMs = timeoutMs;
    socket.onmessage = (event: { data: unknown }) => this.#receive(event.data);
    socket.onclose = (event: { code?: number }) => this.#end(event.code ?? 1006, null);
    // An error on an open socket is followed by a close in every implementation, but the
    // socket is unusable from here on: end it now rather than trust the close to come.
    socket.onerror = () => this.#end(1006, null);
  }

  /**
   * Opens `url`; rejects with `network` when the server cannot be reached within `timeoutMs`, and
   * with `not_connected` when `signal` aborts (shutdown), once the half-open socket has closed.
   */
  static open(
    Ctor: WebSocketConstructor,
    url: string,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<RpcSocket> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(
          new ChatError(
            'not_connected',
            'connect: shutdown() was called before the socket opened; call connect() again to connect.',
          ),
        );
        return;
      }
      let socket: WebSocketLike;
      try {
        socket = new Ctor(url);
      } catch (cause) {
        reject(
          new ChatError(
            'network',
            `connect: could not open a WebSocket to ${url}; check localBackend({ url }).`,
            {
              cause,
            },
          ),
        );
        return;
      }
      const fail = (why: string) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
        // No-ops, not null: `ws` throws an unhandled 'error' when closing a connecting socket without a listener.
        socket.onopen = socket.onclose = socket.onerror = noop;
        safeClose(socket);
        reject(
          new ChatError(
            'network',
            `connect: cannot reach the local chat server at ${url} (${why}); check that it is running.`,
          ),
        );
      };
      const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
      const abort = () => {
        clearTimeout(timer);
        socket.onopen = socket.onerror = noop;
        const rpc = new RpcSocket(socket, timeoutMs);
        rpc
          .close(new ChatError('not_connected', 'closed'))
          .then(() =>
            reject(
              new ChatError(
                'not_connected',
                'connect: shutdown() was called before the socket opened; call connect() again to connect.',
              ),
            ),
          );
      };
      signal.addEventListener('abort', abort, { once: true });
      socket.onerror = () => fail('connection failed');
      socket.onclose = (event: { code?: number }) => fail(`closed with code ${event.code ?? 1006}`);
      socket.onopen = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
        socket.onopen = null;
        resolve(new RpcSocket(socket, timeoutMs));
      };
    });
  }

  /**
   * Sends `op` and resolves with the reply's `result`. Rejects with the reply's error, with
   * `network` on timeout or when the socket ends, with `invalid_argument` for an oversized frame.
   */
  request<O extends WireOp>(op: O, params: WireParams<O>): Promise<WireResult<O>> {
    if (this.closeCode !== null) {
      return Promise.reject(
        new ChatError(
          'network',
          `${op}: the connection is closed, so it was not sent; retry once connected.`,
        ),
      );
    }
    const id = this.#nextId++;
    const frame = JSON.stringify({ ...params, id, op });
    if (frame.length * 3 > MAX_FRAME_BYTES && new TextEncoder().encode(frame).length > MAX_FRAME_BYTES) {
      return Promise.reject(
        new ChatError(
          'invalid_argument',
          `${op}: the request is over the 64 KiB frame limit; send less per request.`,
        ),
      );
    }
    return new Promise<WireResult<O>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          new ChatError(
            'network',
            `${op}: the local chat server did not answer within ${this.#timeoutMs} ms; retry, or raise requestTimeoutMs.`,
          ),
        );
      }, this.#timeoutMs);
      // The reply to this id is the result of `op`: the server answers each request with its own op's.
      this.#pending.set(id, { resolve: resolve as Pending['resolve'], reject, timer });
      try {
        this.#socket.send(frame);
      } catch (cause) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(
          new ChatError('network', `${op}: could not send it on the socket; retry once connected.`, {
            cause,
          }),
        );
      }
    });
  }

  /**
   * Closes the socket without calling `onClose`; pending requests reject with `error`.
   * Resolves once the socket has really closed (bounded to 1 s), so callers can promise that
   * no socket outlives them.
   */
  close(error: ChatError): Promise<void> {
    this.#closing ??= this.#close(error);
    return this.#closing;
  }

  #close(error: ChatError): Promise<void> {
    this.onClose = noop;
    this.onEvent = noop;
    this.#end(1000, error);
    const socket = this.#socket;
    if (socket.readyState === CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        socket.onclose = socket.onerror = noop;
        resolve();
      };
      // A peer that never answers the close frame would keep `ws`'s own 30 s close timer alive.
      const timer = setTimeout(() => {
        socket.terminate?.();
        done();
      }, 1000);
      socket.onclose = socket.onerror = done;
      safeClose(socket);
    });
  }

  /** Ends a socket that stopped answering as if the server had dropped it: `onClose` runs. */
  drop(): void {
    this.#end(1006, null);
    if (this.#socket.terminate) this.#socket.terminate();
    else safeClose(this.#socket);
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') return; // the protocol only has text frames
    // The server speaks the same typed protocol; only the JSON itself is checked here.
    let frame: WireServerFrame | null;
    try {
      frame = JSON.parse(data);
    } catch {
      return; // not ours to fix; the server never sends this
    }
    if (typeof frame !== 'object' || frame === null) return;
    if ('event' in frame) {
      this.onEvent(frame);
      return;
    }
    const pending = typeof frame.id === 'number' ? this.#pending.get(frame.id) : undefined;
    if (!pending || frame.id === null) return; // a reply to a request that already timed out
    this.#pending.delete(frame.id);
    clearTimeout(pending.timer);
    if (frame.ok === true) pending.resolve(frame.result);
    else pending.reject(wireError(frame.error));
  }

  #end(code: number, error: ChatError | null): void {
    if (this.closeCode !== null) return;
    this.closeCode = code;
    this.#socket.onmessage = this.#socket.onclose = this.#socket.onerror = noop;
    const reason =
      error ??
      new ChatError(
        'network',
        `The connection to the local chat server was lost (code ${code}); retry once it is restored.`,
      );
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(reason);
    }
    this.#pending.clear();
    this.onClose(code);
  }
}

function noop(): void {}

function safeClose(socket: WebSocketLike): void {
  try {
    socket.close(1000);
  } catch {
    // Closing a socket that is still connecting throws in some implementations; it is gone either way.
  }
}

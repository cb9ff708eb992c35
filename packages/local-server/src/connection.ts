import type { Duplex } from 'node:stream';
import type { WireCloseCode, WireErrorCode, WireOp, WireResult } from '@chat/protocol';
import { WebSocket } from 'ws';
import { authenticate } from './authenticate.js';
import type { ServerContext } from './context.js';
import { ProtocolError } from './errors.js';
import { type EventEnvelope, localFrame } from './events.js';
import { runHandler } from './handlers/handlers.js';
import { encode, type Peer } from './hub.js';
import { opOf, type ParsedRequest, parseRequest, requestId } from './protocol.js';
import { RateLimiter } from './rateLimiter.js';
import { TokenTimers } from './tokenTimers.js';
import { isWellFormedJson } from './wellFormed.js';

/** Close codes of the protocol (README, "Close codes"). */
export const CloseCode = {
  noHello: 4001,
  tokenInvalid: 4002,
  tokenExpired: 4003,
  rateLimited: 4008,
  tooManySockets: 4009,
  goingAway: 1001,
} as const satisfies Record<string, WireCloseCode>;

/** Bytes queued for one client beyond which it is dropped rather than buffered without end. */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

const CLOSE_REASONS: Record<number, string> = {
  [CloseCode.tokenExpired]: 'token expired',
  [CloseCode.tokenInvalid]: 'token invalid',
  [CloseCode.tooManySockets]: 'too many connections for this identity',
};

/** Ops that write a message body: sends and edits share the identity's send budget. */
const isSend = (frame: unknown) => {
  const op = typeof frame === 'object' && frame !== null ? (frame as { op?: unknown }).op : undefined;
  return op === 'sendMessage' || op === 'editMessage';
};

/**
 * One WebSocket: waits for `hello`, then dispatches requests as the token's identity, answers
 * each with one reply, and keeps the token's expiry timers. Nothing a client sends can throw out
 * of here: every failure becomes an error reply.
 */
export class Connection implements Peer {
  identity = '';
  readonly #ws: WebSocket;
  readonly #socket: Duplex;
  readonly #ctx: ServerContext;
  readonly #limiter: RateLimiter | null;
  readonly #timers: TokenTimers;
  #helloTimer: NodeJS.Timeout | undefined;
  #ready = false;
  #alive = true;
  #disposed = false;
  /** Whether this socket holds one of its identity's slots (released when it has really closed). */
  #holdsSlot = false;
  /** Set when a `hello` is refused: the connection closes right after the error reply. */
  #closeAfterReply: number | undefined;

  /** `socket` is the upgraded TCP socket under `ws`, corked per turn by the write batcher. */
  constructor(ws: WebSocket, socket: Duplex, ctx: ServerContext) {
    this.#ws = ws;
    this.#socket = socket;
    this.#ctx = ctx;
    const { rateLimit, helloTimeoutMs, tokenRefreshMarginMs } = ctx.options;
    this.#limiter = rateLimit === false ? null : new RateLimiter(rateLimit);
    this.#timers = new TokenTimers(tokenRefreshMarginMs, {
      aboutToExpire: (expiresAt) => this.push(encode({ event: 'tokenAboutToExpire', expiresAt })),
      expired: () => this.close(CloseCode.tokenExpired, 'token expired; connect again with a fresh token'),
    });
    this.#helloTimer = setTimeout(
      () => this.close(CloseCode.noHello, `no hello within ${helloTimeoutMs} ms`),
      helloTimeoutMs,
    );
    ws.on('message', (data: Buffer | Buffer[] | ArrayBuffer) => this.#onFrame(data));
    ws.on('close', () => {
      this.dispose();
      if (this.#holdsSlot) this.#ctx.limits.removeSocket(this.identity);
      this.#holdsSlot = false;
    });
    ws.on('pong', () => {
      this.#alive = true;
    });
    // ws reports protocol violations (bad UTF-8, oversized frames) here and then closes.
    ws.on('error', () => this.dispose());
  }

  /** Writes a published event in the local encoding, shared with every other local recipient. */
  deliver(envelope: EventEnvelope): void {
    this.push(localFrame(envelope));
  }

  /** Writes an encoded frame; frames to a closing socket are dropped. */
  push(frame: Buffer): void {
    if (this.#ws.readyState !== WebSocket.OPEN) return;
    if (this.#socket.writableLength > MAX_QUEUED_BYTES) {
      // A client that stopped reading would otherwise hold every event in memory. A close frame
      // would queue behind the backlog, so the socket is cut (the client sees 1006).
      this.dispose();
      this.#ws.terminate();
      return;
    }
    this.#ctx.batcher.hold(this.#socket);
    this.#ws.send(frame, { binary: false });
  }

  /**
   * Called every heartbeat interval: a socket that did not answer the previous ping (a vanished
   * laptop, a dropped network) is cut, so that it stops receiving events and holding memory.
   */
  heartbeat(): void {
    if (!this.#alive) {
      this.dispose();
      this.#ws.terminate();
      return;
    }
    this.#alive = false;
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.ping();
  }

  /** Closes with a protocol close code and releases timers at once. */
  close(code: number, reason: string): void {
    this.dispose();
    if (this.#ws.readyState === WebSocket.OPEN || this.#ws.readyState === WebSocket.CONNECTING) {
      this.#ws.close(code, reason);
    }
  }

  /** Releases timers and leaves the hub. Idempotent. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#helloTimer);
    this.#timers.clear();
    if (this.#ready) this.#ctx.hub.remove(this);
    this.#ready = false;
  }

  #reply(id: number, result: WireResult<WireOp>): void {
    this.push(encode({ id, ok: true, result }));
  }

  /**
   * Every error reply reads `<op>: <what was wrong>; <how to fix>.`: the op is added here, once, so
   * refusals are written without it; a frame with no known op gets the bare sentence, capitalised.
   */
  #fail(id: number | null, code: WireErrorCode, message: string, op: WireOp | null = null): void {
    const text = op === null ? message.charAt(0).toUpperCase() + message.slice(1) : `${op}: ${message}`;
    this.push(encode({ id, ok: false, error: { code, message: text } }));
  }

  /**
   * Refuses a request over a rate, saying when it would be accepted (`retryAfterMs`): an honest
   * client waits that long and sends it again instead of failing what the user asked for.
   */
  #refuse(id: number | null, message: string, waitMs: number): void {
    const text = message.charAt(0).toUpperCase() + message.slice(1);
    const retryAfterMs = Math.max(1, Math.ceil(waitMs));
    this.push(encode({ id, ok: false, error: { code: 'rate_limited', message: text, retryAfterMs } }));
  }

  #onFrame(data: Buffer | Buffer[] | ArrayBuffer): void {
    // Frames that were already read when the connection was closed get no work and no reply.
    if (this.#disposed) return;
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8');
    // Every frame counts against the rate, malformed ones included; once signed in, also against
    // the identity's budget, which all of its connections share.
    const now = Date.now();
    let decision = this.#limiter ? this.#limiter.take(now) : 'ok';
    let refusal = 'too many requests; slow down and retry.';
    // When the bucket that refused holds a token again; asked only for a refusal.
    let waitMs = () => this.#limiter?.waitMs(now) ?? 0;
    if (decision === 'ok' && this.#ready && !this.#ctx.limits.takeFrame(this.identity, now)) {
      decision = this.#limiter?.refused() ?? 'refuse';
      refusal = 'too many requests from this user (all connections together); slow down and retry.';
      waitMs = () => this.#ctx.limits.frameWaitMs(this.identity, now);
    }
    if (decision === 'close') {
      this.close(CloseCode.rateLimited, 'rate limit exceeded repeatedly');
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      if (decision === 'ok') this.#limiter?.accepted();
      if (decision === 'refuse') this.#refuse(null, refusal, waitMs());
      else
        this.#fail(null, 'invalid_argument', 'frame is not valid JSON; send one JSON object per text frame.');
      return;
    }
    const id = requestId(frame);
    if (decision === 'ok' && this.#ready && isSend(frame) && !this.#ctx.limits.takeSend(this.identity, now)) {
      decision = this.#limiter?.refused() ?? 'refuse';
      refusal = 'too many messages (sends and edits) from this user; slow down and retry.';
      waitMs = () => this.#ctx.limits.sendWaitMs(this.identity, now);
      if (decision === 'close') {
        this.close(CloseCode.rateLimited, 'rate limit exceeded repeatedly');
        return;
      }
    }
    if (decision === 'refuse') {
      this.#refuse(id, refusal, waitMs());
      return;
    }
    this.#limiter?.accepted();
    if (id === null) {
      this.#fail(
        null,
        'invalid_argument',
        'frame has no usable "id"; send a JSON object with "id" (a positive integer) and "op".',
      );
      return;
    }
    const op = opOf(frame);
    try {
      // Lone surrogates only arrive as \u escapes (ws has checked the frame is valid UTF-8).
      if (text.includes('\\u') && !isWellFormedJson(frame)) {
        throw new ProtocolError(
          'invalid_argument',
          'a string holds a lone UTF-16 surrogate (e.g. "\\ud83d"), which cannot be stored; send well-formed Unicode.',
        );
      }
      this.#reply(id, this.#handle(parseRequest(frame, id)));
    } catch (error) {
      if (error instanceof ProtocolError) {
        this.#fail(id, error.code, error.message, op);
      } else {
        this.#ctx.options.logger.error('local-server: request failed', error);
        const why = error instanceof Error ? error.message : String(error);
        this.#fail(id, 'backend', `internal error (${why}); see the server log.`, op);
      }
    }
    if (this.#closeAfterReply !== undefined) {
      this.close(this.#closeAfterReply, CLOSE_REASONS[this.#closeAfterReply] ?? 'closed');
    }
  }

  #handle(request: ParsedRequest): WireResult<WireOp> {
    if (request.op === 'hello') return this.#hello(request.params.token);
    if (!this.#ready) {
      throw new ProtocolError('not_connected', 'not connected; send "hello" with your access token first.');
    }
    switch (request.op) {
      case 'ping':
        return { now: Date.now() };
      case 'updateToken':
        return this.#updateToken(request.params.token);
      default:
        return runHandler(request.op, this.#ctx, this.identity, request.params);
    }
  }

  #hello(token: string): WireResult<'hello'> {
    if (this.#ready) {
      throw new ProtocolError(
        'invalid_argument',
        'this connection said hello already; send "updateToken" to replace its token.',
      );
    }
    let auth: ReturnType<typeof authenticate>;
    try {
      auth = authenticate(this.#ctx.options.keys, token);
    } catch (error) {
      // The client gets the error reply first, then the close: a refused hello ends the connection.
      const expired = error instanceof ProtocolError && error.code === 'token_expired';
      this.#closeAfterReply = expired ? CloseCode.tokenExpired : CloseCode.tokenInvalid;
      throw error;
    }
    if (!this.#ctx.limits.addSocket(auth.identity)) {
      this.#closeAfterReply = CloseCode.tooManySockets;
      throw new ProtocolError(
        'rate_limited',
        `${JSON.stringify(auth.identity)} has ${this.#ctx.options.maxSocketsPerIdentity} connections open already (maxSocketsPerIdentity); close one (another tab?) before connecting again.`,
      );
    }
    this.#holdsSlot = true;
    clearTimeout(this.#helloTimer);
    this.identity = auth.identity;
    this.#ready = true;
    this.#ctx.hub.add(this);
    this.#timers.schedule(auth.expiresAt);
    return { identity: auth.identity, expiresAt: auth.expiresAt };
  }

  #updateToken(token: string): WireResult<'updateToken'> {
    const auth = authenticate(this.#ctx.options.keys, token);
    if (auth.identity !== this.identity) {
      throw new ProtocolError(
        'token_invalid',
        `the token is for ${JSON.stringify(auth.identity)} but this connection is ${JSON.stringify(this.identity)}; reconnect to change user.`,
      );
    }
    this.#timers.schedule(auth.expiresAt);
    return { expiresAt: auth.expiresAt };
  }
}

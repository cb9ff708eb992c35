import type { WireEvent } from './WireEvents.js';
import type { WireOp, WireParams, WireResult } from './WireOps.js';

/**
 * Error codes a reply (or an HTTP error of the local server) can carry: those of `ChatError` in
 * `@chat/react`, plus `rate_limited` and `unknown_op`, which the client maps to `backend`. A quota
 * refusal is `forbidden` at a cap (waiting does not help) and `rate_limited` within a window.
 */
export type WireErrorCode =
  | 'not_connected'
  | 'invalid_argument'
  | 'channel_not_found'
  | 'channel_exists'
  | 'not_member'
  | 'forbidden'
  | 'token_expired'
  | 'token_invalid'
  | 'backend'
  | 'rate_limited'
  | 'unknown_op';

/** Why a request was refused: a code to branch on and a message that says how to fix it. */
export interface WireError {
  code: WireErrorCode;
  message: string;
  /**
   * On a `rate_limited` refusal by a rate (frames or sends per second): milliseconds until the
   * same request would be accepted. A client sends it again after that long rather than failing
   * it; a refusal without it (an hourly quota window) is not worth waiting for.
   */
  retryAfterMs?: number;
}

/** A request frame (client → server): `{ id, op, ...params }`, `id` a positive integer. */
export type WireRequest<O extends WireOp = WireOp> = { [K in O]: { id: number; op: K } & WireParams<K> }[O];

/** The reply to a request whose operation succeeded. */
export interface WireSuccess<O extends WireOp = WireOp> {
  id: number;
  ok: true;
  result: WireResult<O>;
}

/** A refusal; `id` is null when the frame had no usable id (not JSON, not an object…). */
export interface WireFailure {
  id: number | null;
  ok: false;
  error: WireError;
}

/** The one reply (server → client) every request gets, with the request's `id`. */
export type WireReply<O extends WireOp = WireOp> = WireSuccess<O> | WireFailure;

/** Any frame the server sends: a reply or an event. */
export type WireServerFrame = WireReply | WireEvent;

/**
 * Close codes of the protocol's own (README, "Close codes"): 4001 no `hello` in time, 4002 token
 * invalid, 4003 token expired without `updateToken`, 4008 rate limit exceeded repeatedly, 4009
 * too many sockets of one identity, 1001 server shutting down. (1009 and 1006 come from the
 * WebSocket layer: frame too big, connection cut.)
 */
export type WireCloseCode = 4001 | 4002 | 4003 | 4008 | 4009 | 1001;

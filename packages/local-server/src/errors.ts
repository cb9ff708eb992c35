/**
 * Error codes a reply can carry: those of `ChatError` in `@chat/react`, plus `rate_limited` and
 * `unknown_op`, which the client maps to `backend`.
 */
export type ErrorCode =
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

/**
 * A refusal that becomes an error reply `{ code, message }`. Handlers throw it before they change
 * anything (or inside a transaction, which then rolls back), so a refused request changes nothing.
 */
export class ProtocolError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}

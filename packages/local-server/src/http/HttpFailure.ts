import type { ErrorCode } from '../errors.js';

/** An HTTP refusal, answered as `status {"error":{"code","message"}}`. */
export class HttpFailure extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** Sent as `Retry-After` (seconds), for refusals that end on their own (429). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, code: ErrorCode, message: string, retryAfterSeconds?: number) {
    super(message);
    this.name = 'HttpFailure';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

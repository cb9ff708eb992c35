import type { ErrorCode } from '../errors.js';

/** An HTTP refusal, answered as `status {"error":{"code","message"}}`. */
export class HttpFailure extends Error {
  readonly status: number;
  readonly code: ErrorCode;

  constructor(status: number, code: ErrorCode, message: string) {
    super(message);
    this.name = 'HttpFailure';
    this.status = status;
    this.code = code;
  }
}

/** The `code`s an error response can carry; clients branch on these, never on messages. */
export type HttpErrorCode =
  | 'invalid_argument'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'request_timeout'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/**
 * An error that becomes the HTTP response `status` + `{"error":{"code","message"}}`.
 * Authenticators throw it to refuse a caller (401/403); the app's first middleware renders it.
 * The message is shown to the caller, so it must say what was wrong and how to fix it, and
 * must never contain a secret.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  /** HTTP status, 4xx for anything the caller can fix. */
  readonly status: number;
  /** Stable machine-readable code. */
  readonly code: HttpErrorCode;
  /** Extra response headers, e.g. `WWW-Authenticate` or `Retry-After`. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: HttpErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

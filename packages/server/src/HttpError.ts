/** The `code`s an error response of the token server can carry; clients branch on these, never on messages. */
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
 * An error that becomes the HTTP response `status` + `{"error":{"code","message"}}`, in both
 * servers. Authenticators throw it to refuse a caller (401/403); the app's first middleware
 * renders it. The message is shown to the caller, so it must say what was wrong and how to fix
 * it, and must never contain a secret.
 *
 * `Code` is the set the server's clients branch on: the token server's {@link HttpErrorCode} by
 * default; `@chat/local-server` uses `HttpError<WireErrorCode>` (`@chat/protocol`), the codes of
 * its WebSocket replies. It is never inferred from the argument, so a code outside the set does
 * not compile.
 */
export class HttpError<Code extends string = HttpErrorCode> extends Error {
  override readonly name = 'HttpError';
  /** HTTP status, 4xx for anything the caller can fix. */
  readonly status: number;
  /** Stable machine-readable code. */
  readonly code: Code;
  /** Extra response headers, e.g. `WWW-Authenticate`, `Retry-After` or `Connection: close`. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: NoInfer<Code>, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

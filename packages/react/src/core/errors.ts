/** Every code a {@link ChatError} can carry. Branch on these, never on messages. */
export type ChatErrorCode =
  | 'not_connected'
  | 'invalid_argument'
  | 'channel_not_found'
  | 'channel_exists'
  | 'not_member'
  | 'forbidden'
  | 'token_expired'
  | 'token_invalid'
  | 'network'
  | 'backend';

const CODES: ReadonlySet<string> = new Set<ChatErrorCode>([
  'not_connected',
  'invalid_argument',
  'channel_not_found',
  'channel_exists',
  'not_member',
  'forbidden',
  'token_expired',
  'token_invalid',
  'network',
  'backend',
]);

/**
 * The one error type every rejected promise of `@chat/react` carries.
 * `code` is stable and meant for `switch`; `message` says what was wrong and how to fix it.
 *
 * The store's how-to-fix texts are written `process.env.NODE_ENV !== 'production' ? text : ''`, inline
 * at each site (a shared constant would not be folded across chunks): an app's production build, which
 * replaces `process.env.NODE_ENV` as it must for React, drops them, and such an error's message is
 * its code. Node without a bundler, tests and development builds keep them.
 */
export class ChatError extends Error {
  /** A stable, documented code (the README's "Errors" section, packages/react/README.md). */
  readonly code: ChatErrorCode;

  /** An empty `message` (production builds drop the how-to-fix text) becomes the code. */
  constructor(code: ChatErrorCode, message: string, options?: { cause?: unknown }) {
    super(message || code, options);
    this.name = 'ChatError';
    this.code = code;
  }

  /** True when `value` is a known error code (for backends mapping wire errors). */
  static isCode(value: unknown): value is ChatErrorCode {
    return typeof value === 'string' && CODES.has(value);
  }

  /**
   * Wraps anything thrown by a backend or SDK into a ChatError, keeping the original as `cause`.
   * A ChatError passes through unchanged.
   */
  static from(error: unknown, fallback: ChatErrorCode = 'backend'): ChatError {
    if (error instanceof ChatError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ChatError(fallback, message || 'Unknown backend error', { cause: error });
  }
}

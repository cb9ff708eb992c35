/** Why `verifyAccessToken` refused a token: the two token codes of `ChatError`. */
export type TokenErrorCode = 'token_invalid' | 'token_expired';

/**
 * Thrown by `verifyAccessToken`. `token_expired` means the token was genuine but its `exp` has
 * passed (get a fresh one); `token_invalid` covers everything else — format, algorithm,
 * signature, issuer, account, service, identity, not-yet-valid — and is not fixed by retrying.
 */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly code: TokenErrorCode;

  constructor(code: TokenErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

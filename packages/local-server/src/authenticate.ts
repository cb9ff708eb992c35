import { type ChatKeys, TokenError, verifyAccessToken } from '@chat/server';
import { ProtocolError } from './errors.js';

/** Who a verified token speaks for, and until when (ms since epoch). */
export interface Authenticated {
  identity: string;
  expiresAt: number;
}

/**
 * Verifies an access token exactly as `@chat/server` mints it (HS256 with the API secret, issuer,
 * account, chat service, expiry). The identity comes from `grants.identity`, never from the client.
 *
 * @throws {ProtocolError} `token_expired` or `token_invalid`.
 */
export function authenticate(keys: ChatKeys, token: string): Authenticated {
  try {
    const { identity, expiresAt } = verifyAccessToken(keys, token);
    return { identity, expiresAt };
  } catch (error) {
    if (error instanceof TokenError) throw new ProtocolError(error.code, error.message);
    throw new ProtocolError(
      'token_invalid',
      `the access token could not be verified (${String(error)}); get a fresh one from the token server.`,
    );
  }
}

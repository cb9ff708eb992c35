import type { EngineContext } from './engineContext.js';
import { ChatError } from './errors.js';
import { backoffDelay } from './retry.js';
import type { Session } from './session.js';
import { withTimeout } from './waits.js';

/** Gets tokens and keeps the connection's token fresh: see {@link createTokens}. */
export interface Tokens {
  /** The latest `getToken` passed to `connect` (held by reference, never a reason to reconnect). */
  getToken: (() => Promise<string>) | null;
  /** A token, retrying failures and hangs with backoff; rejects when all attempts failed. */
  fetch(session: Session): Promise<string>;
  /** Gets a fresh token and hands it to the backend; at most one refresh in flight per session. */
  refresh(session: Session, expired: boolean): void;
}

/**
 * Token lifecycle. `getToken` failures and hangs (each call has a time limit) are retried with
 * exponential backoff and jitter, a bounded number of times. A refresh that cannot succeed before
 * expiry is surfaced as `token_expired` (state `error`); a token the backend refuses as `denied`.
 */
export function createTokens({ core, policy, sleeper }: EngineContext): Tokens {
  const tokens: Tokens = {
    getToken: null,
    async fetch(session) {
      let last: ChatError | null = null;
      for (let attempt = 0; attempt < policy.attempts; attempt++) {
        if (attempt > 0)
          await Promise.race([sleeper.sleep(backoffDelay(policy.backoff, attempt - 1)), session.cancelled]);
        const getToken = tokens.getToken;
        if (!getToken) break;
        try {
          const token = await withTimeout(getToken, policy.timeoutMs, 'getToken()', session.cancelled);
          if (typeof token === 'string' && token.length > 0) return token;
          throw new ChatError(
            'token_invalid',
            process.env.NODE_ENV !== 'production'
              ? `getToken() must resolve to an access token string, got ${token === '' ? 'an empty string' : typeof token}.`
              : '',
          );
        } catch (caught) {
          if (session.closed) throw caught;
          last = ChatError.from(caught, 'network');
          if (last.code === 'token_invalid') throw last;
        }
      }
      throw new ChatError(
        last?.code ?? 'network',
        process.env.NODE_ENV !== 'production'
          ? `getToken() failed ${policy.attempts} times; last error: ${last?.message ?? 'none'}. Check the token endpoint it calls.`
          : (last?.message ?? ''),
        { cause: last },
      );
    },
    refresh(session, expired) {
      const backend = session.backend;
      if (!backend) {
        // Still connecting: the connection runs it as soon as the backend is set.
        if (session.deferredRefresh !== 'expired') session.deferredRefresh = expired ? 'expired' : 'expiring';
        return;
      }
      if (session.refreshing) return;
      session.refreshing = (async () => {
        try {
          const token = await tokens.fetch(session);
          if (!session.closed) await backend.updateToken(token);
        } catch (caught) {
          if (session.closed) return;
          const error = ChatError.from(caught);
          if (error.code === 'token_invalid') core.set({ connectionState: 'denied', error });
          else if (expired) {
            core.set({
              connectionState: 'error',
              error: new ChatError(
                'token_expired',
                process.env.NODE_ENV !== 'production'
                  ? `The access token expired and no new one could be obtained: ${error.message}`
                  : error.message,
                { cause: error },
              ),
            });
          }
          // About to expire: the expiry event that follows tries again.
        } finally {
          session.refreshing = null;
        }
      })();
    },
  };
  return tokens;
}

import { ChatError } from '../../core/errors.js';
import type { TwilioFailure } from './types.js';

/** twilsock's code for a token past its `exp` (its `tokenExpiredSasCode`). */
const TOKEN_EXPIRED = 20104;

/**
 * The ChatError for a twilsock failure (`denied`: twilsock reported the state, whatever the reason
 * says). A refusal of the token arrives as state `denied` first,
 * then (a timer turn later each) `tokenExpired` when the code is 20104, then `connectionError`
 * with the reply's HTTP status and code: only that last event says whether the token was
 * expired (fetch a fresh one) or invalid (check the keys), so callers wait for it.
 */
export function failureError(
  failure: TwilioFailure | null,
  when: 'connect' | 'reconnect',
  denied: boolean,
): ChatError {
  const detail = failure?.message ?? 'no reason given';
  if (failure?.errorCode === TOKEN_EXPIRED) {
    return new ChatError(
      'token_expired',
      when === 'connect'
        ? 'the access token expired before Twilio connected; fetch a fresh one'
        : 'Twilio refused the expired access token; a fresh one is needed',
      { cause: failure },
    );
  }
  const status = failure?.httpStatusCode ?? null;
  const code = failure?.errorCode ?? null;
  // 201xx: the token's signature, claims or format (twilio.com/docs/api/errors/20101…20157).
  const refused =
    status === 401 || status === 403 || (code !== null && code >= 20100 && code < 20200) || denied;
  if (refused) {
    return new ChatError(
      'token_invalid',
      `Twilio refused the access token (${detail}); check the keys of your token server`,
      { cause: failure },
    );
  }
  return new ChatError(
    'network',
    when === 'connect'
      ? `Twilio could not initialise the client: ${detail}`
      : `Twilio connection failed: ${detail}`,
    { cause: failure },
  );
}

import { ChatError, type ChatErrorCode } from '../../core/errors.js';

/** Twilio error codes with one meaning in both SDKs' APIs. */
const TOKEN_EXPIRED_CODES = new Set([20104, 51207]);
const TOKEN_INVALID_CODES = new Set([20101, 20102, 20103, 20107, 20151]);

/** The Twilio error code of an SDK rejection (`TwilsockUpstreamError.body.code`), if any. */
export function twilioErrorCode(error: unknown): number | null {
  const record = asRecord(error);
  const body = asRecord(record?.body);
  const code = body?.code ?? record?.errorCode ?? record?.code;
  return typeof code === 'number' ? code : null;
}

/** The HTTP status of an SDK rejection (`status` on twilsock errors, `body.status` on replies). */
function httpStatus(error: unknown): number | null {
  const record = asRecord(error);
  const status = record?.status ?? asRecord(record?.body)?.status ?? record?.httpStatusCode;
  return typeof status === 'number' ? status : null;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

/**
 * Turns anything an SDK throws into a ChatError with a code the app can branch on.
 * SDK internals fail with bare TypeErrors when used in a state they do not expect; those become
 * `backend` errors that say so instead of leaking "Cannot read properties of undefined".
 */
export function toChatError(error: unknown, context: string, notFoundCode: number | null = null): ChatError {
  if (error instanceof ChatError) return error;
  const code = twilioErrorCode(error);
  const status = httpStatus(error);
  const detail = error instanceof Error ? error.message : String(error);
  const wrap = (chatCode: ChatErrorCode, message: string) =>
    new ChatError(chatCode, `${context}: ${message}`, { cause: error });
  if (error instanceof TypeError) {
    return wrap('backend', `the Twilio SDK failed internally (${detail}); reconnect and try again.`);
  }
  if (code !== null && TOKEN_EXPIRED_CODES.has(code)) {
    return wrap('token_expired', 'the access token expired; fetch a fresh one from your token server');
  }
  if ((code !== null && TOKEN_INVALID_CODES.has(code)) || status === 401) {
    return wrap(
      'token_invalid',
      `Twilio refused the access token (${detail}); check the keys of your token server`,
    );
  }
  if ((notFoundCode !== null && code === notFoundCode) || status === 404) {
    return wrap('channel_not_found', `not found or not visible to this user (${detail})`);
  }
  if (status === 403) {
    return wrap('forbidden', `the service role does not allow this (${detail})`);
  }
  return wrap('backend', detail || 'unknown Twilio error');
}

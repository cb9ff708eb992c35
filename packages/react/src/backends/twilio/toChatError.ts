import { ChatError, type ChatErrorCode } from '../../core/errors.js';

/** Twilio error codes with one meaning in both SDKs' APIs. */
const TOKEN_EXPIRED_CODES = new Set([20104, 51207]);
const TOKEN_INVALID_CODES = new Set([20101, 20102, 20103, 20107, 20151]);
/**
 * Codes of both APIs, for both SDKs: twilio-chat 6 is served by Twilio's Conversations endpoints,
 * so its refusals may carry the Conversations codes (twilio.com/docs/api/errors): 50300/50350
 * channel or conversation not found, 50307/50353 unique name taken, 50404/50433 member or
 * participant already exists.
 */
const NOT_FOUND_CODES = new Set([50300, 50350]);
/** 50400/50430: the user is not a member (participant) of the channel. */
const NOT_MEMBER_CODES = new Set([50400, 50430]);
/** 50402/50432: no such member (participant). */
const MEMBER_NOT_FOUND_CODES = new Set([50402, 50432]);
const CONFLICT_CODES = { nameTaken: new Set([50307, 50353]), alreadyMember: new Set([50404, 50433]) };

/**
 * What the SDKs' transport (twilsock) rejects with when no answer came: a request queued while
 * offline times out (`request 'GET' to '…' timed out`), an in-flight one is cut (`disconnected`),
 * the queue is dropped (`Unable to connect: …`); twilio-sync wraps these as `SyncError` with status
 * 0. None has an HTTP status or a Twilio code, and minified builds mangle their class names, so the
 * message is the only sign left.
 */
const TRANSPORT_FAILURE = /timed out|timeout|disconnected|unable to connect|not initiali[sz]ed|cancelled/i;

/**
 * The Twilio error code of an SDK rejection: `body.code` of a refused REST call
 * (TwilsockUpstreamError), `reply.status.errorCode` of a refused twilsock `update`
 * (TwilsockReplyError: a token refused by updateToken), `errorCode`/`code` elsewhere.
 */
export function twilioErrorCode(error: unknown): number | null {
  const record = asRecord(error);
  const code =
    asRecord(record?.body)?.code ?? replyStatus(record)?.errorCode ?? record?.errorCode ?? record?.code;
  return typeof code === 'number' && code !== 0 ? code : null;
}

/** The HTTP status of an SDK rejection (as {@link twilioErrorCode}: `status`, `body.status`, `reply.status.code`). */
export function httpStatus(error: unknown): number | null {
  const record = asRecord(error);
  const status =
    record?.status ?? asRecord(record?.body)?.status ?? replyStatus(record)?.code ?? record?.httpStatusCode;
  return typeof status === 'number' && status !== 0 ? status : null;
}

function replyStatus(record: Record<string, unknown> | null): Record<string, unknown> | null {
  return asRecord(asRecord(record?.reply)?.status);
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

/**
 * True when Twilio refused with a conflict of this kind: its code, or HTTP 409 whatever the code
 * (the codes differ between the APIs and are not all documented).
 */
export function isConflict(error: unknown, kind: keyof typeof CONFLICT_CODES): boolean {
  const code = twilioErrorCode(error);
  return httpStatus(error) === 409 || (code !== null && CONFLICT_CODES[kind].has(code));
}

/** True when Twilio answered that the member (participant) named is not in the channel. */
export function isMemberNotFound(error: unknown): boolean {
  const code = twilioErrorCode(error);
  return code !== null && MEMBER_NOT_FOUND_CODES.has(code);
}

/** True for a rejection that means "the request never got an answer" (see {@link TRANSPORT_FAILURE}). */
export function isTransportFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    !(error instanceof TypeError) &&
    httpStatus(error) === null &&
    twilioErrorCode(error) === null &&
    TRANSPORT_FAILURE.test(error.message)
  );
}

/**
 * Turns anything an SDK throws into a ChatError with a code the app can branch on.
 * SDK internals fail with bare TypeErrors when used in a state they do not expect; those become
 * `backend` errors that say so instead of leaking "Cannot read properties of undefined".
 */
export function toChatError(error: unknown, context: string): ChatError {
  if (error instanceof ChatError) return error;
  const code = twilioErrorCode(error);
  const status = httpStatus(error);
  const detail = error instanceof Error ? error.message : String(error);
  const wrap = (chatCode: ChatErrorCode, message: string) =>
    new ChatError(chatCode, `${context}: ${message}`, { cause: error });
  if (error instanceof TypeError) {
    return wrap('backend', `the Twilio SDK failed internally (${detail}); reconnect and try again.`);
  }
  if (isTransportFailure(error)) {
    return wrap('network', `Twilio did not answer (${detail}); check the connection and try again`);
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
  if (code !== null && NOT_MEMBER_CODES.has(code)) {
    return wrap('not_member', `Twilio says you are not a member (${detail}); join the channel first`);
  }
  if ((code !== null && NOT_FOUND_CODES.has(code)) || status === 404) {
    return wrap('channel_not_found', `not found or not visible to this user (${detail})`);
  }
  if (status === 403) {
    // 50107 and the like: the user's role lacks the permission (another's message, not the admin).
    return wrap(
      'forbidden',
      `Twilio does not allow you this (${detail}); ask who may (the author, the creator)`,
    );
  }
  if (status === 400) {
    return wrap('invalid_argument', `Twilio refused the input (${detail}); check it`);
  }
  return wrap('backend', detail || 'unknown Twilio error');
}

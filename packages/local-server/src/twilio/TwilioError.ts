import type { ErrorCode } from '../errors.js';
import { ProtocolError } from '../errors.js';

/** Which SDK a request comes from: `Client/v1` paths are twilio-chat's, `Client/v2` Conversations'. */
export type Flavor = 'chat' | 'conversations';

/** Refusals the emulator adds to the domain's: Twilio has separate codes for them. */
type TwilioOnlyCode = 'already_member' | 'member_not_found' | 'message_not_found' | 'not_emulated';

/**
 * HTTP status and Twilio error code of each refusal, per SDK. The 503xx/504xx codes are from
 * Twilio's error reference (twilio.com/docs/api/errors/NNNNN): 50300 channel not found, 50307
 * channel unique name exists, 50400 user not member of channel, 50402 member not found, 50404
 * member already exists; 50350 conversation not found, 50353 conversation unique name exists,
 * 50430 participant is not a member, 50432 participant not found, 50433 participant already
 * exists; 50107 user unauthorized for command (a role without the permission: editing or deleting
 * another's message, removing a member without being the admin). 20001 (invalid parameter) and
 * 20501 (not emulated) and 50500 (message not found) are this emulator's choice.
 */
const TABLE: Record<ErrorCode | TwilioOnlyCode, { status: number; chat: number; conversations: number }> = {
  channel_not_found: { status: 404, chat: 50300, conversations: 50350 },
  channel_exists: { status: 409, chat: 50307, conversations: 50353 },
  not_member: { status: 403, chat: 50400, conversations: 50430 },
  already_member: { status: 409, chat: 50404, conversations: 50433 },
  member_not_found: { status: 404, chat: 50402, conversations: 50432 },
  message_not_found: { status: 404, chat: 50500, conversations: 50500 },
  forbidden: { status: 403, chat: 50107, conversations: 50107 },
  invalid_argument: { status: 400, chat: 20001, conversations: 20001 },
  not_emulated: { status: 501, chat: 20501, conversations: 20501 },
  token_expired: { status: 401, chat: 20104, conversations: 20104 },
  token_invalid: { status: 401, chat: 20101, conversations: 20101 },
  rate_limited: { status: 429, chat: 20429, conversations: 20429 },
  not_connected: { status: 401, chat: 20101, conversations: 20101 },
  unknown_op: { status: 404, chat: 20404, conversations: 20404 },
  backend: { status: 500, chat: 20500, conversations: 20500 },
};

/**
 * A refusal answered as Twilio answers it: `http_status` is the HTTP status and the body is
 * `{ status, code, message, more_info }` (the SDKs read `body.code`, e.g. 50433).
 */
export class TwilioError extends Error {
  override readonly name = 'TwilioError';
  readonly status: number;
  readonly code: number;

  constructor(kind: ErrorCode | TwilioOnlyCode, flavor: Flavor, message: string) {
    super(message);
    const row = TABLE[kind];
    this.status = row.status;
    this.code = row[flavor];
  }

  /** The domain's refusal in Twilio's terms. */
  static from(error: ProtocolError, flavor: Flavor): TwilioError {
    return new TwilioError(error.code, flavor, error.message);
  }

  /**
   * This refusal with the Conversations API's code: twilio-chat 6 is served by Twilio's
   * Conversations endpoints, whose refusals may carry these (the `answerChatWithConversationsCodes`
   * fault).
   */
  asConversations(): TwilioError {
    const kinds = Object.keys(TABLE) as Array<keyof typeof TABLE>;
    const kind = kinds.find((k) => TABLE[k].chat === this.code && TABLE[k].status === this.status);
    return kind ? new TwilioError(kind, 'conversations', this.message) : this;
  }

  /** The body Twilio sends with an error status. */
  get body(): { status: number; code: number; message: string; more_info: string } {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
    };
  }
}

/** Runs a domain handler, turning its refusal into Twilio's. */
export function domain<T>(flavor: Flavor, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ProtocolError) throw TwilioError.from(error, flavor);
    throw error;
  }
}

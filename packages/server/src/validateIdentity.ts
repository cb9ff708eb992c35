import { HttpError } from './HttpError.js';

/** Longest identity Twilio accepts, in UTF-16 code units (JavaScript `length`). */
export const MAX_IDENTITY_LENGTH = 128;

// Unicode Cc = C0 controls, DEL and C1 controls: invisible in UIs and unsafe in logs.
const CONTROL_CHARS = /\p{Cc}/u;

/**
 * Checks a chat identity and returns it typed as a string. Identities are 1–128 characters with
 * no `#` (it joins the two identities of a private channel's name) and no control characters.
 *
 * @throws {HttpError} `400 invalid_argument` naming the problem and the rule.
 */
export function validateIdentity(identity: unknown): string {
  if (typeof identity !== 'string') {
    throw new HttpError(
      400,
      'invalid_argument',
      `identity must be a string of 1-${MAX_IDENTITY_LENGTH} characters, got ${identity === undefined ? 'nothing' : typeof identity}`,
    );
  }
  if (identity.length === 0) {
    throw new HttpError(400, 'invalid_argument', 'identity is empty: give 1-128 characters, e.g. "alice"');
  }
  if (identity.length > MAX_IDENTITY_LENGTH) {
    throw new HttpError(
      400,
      'invalid_argument',
      `identity is ${identity.length} characters long; the limit is ${MAX_IDENTITY_LENGTH}`,
    );
  }
  if (identity.includes('#')) {
    throw new HttpError(
      400,
      'invalid_argument',
      'identity must not contain "#": it separates the two identities in a private channel name',
    );
  }
  if (CONTROL_CHARS.test(identity)) {
    throw new HttpError(400, 'invalid_argument', 'identity must not contain control characters');
  }
  return identity;
}

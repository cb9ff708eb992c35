import { HttpError } from './HttpError.js';

/** Longest identity Twilio accepts, in UTF-16 code units (JavaScript `length`). */
export const MAX_IDENTITY_LENGTH = 128;

/**
 * Checks a chat identity and returns it typed as a string. Identities are 1–128 characters with
 * no `#` (it joins the two identities of a private channel's name) and no control characters
 * (C0, DEL, C1: invisible in UIs and unsafe in logs).
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
  // One pass over the code units: this runs on every token request.
  for (let i = 0; i < identity.length; i++) {
    const c = identity.charCodeAt(i);
    if (c === 0x23) {
      throw new HttpError(
        400,
        'invalid_argument',
        'identity must not contain "#": it separates the two identities in a private channel name',
      );
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      throw new HttpError(400, 'invalid_argument', 'identity must not contain control characters');
    }
  }
  return identity;
}

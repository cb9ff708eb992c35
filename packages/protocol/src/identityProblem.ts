import type { NameProblem } from './NameProblem.js';
import { HASH_LIKE } from './namePatterns.js';
import { textProblem } from './textProblem.js';

/** Longest identity, in UTF-16 code units (JavaScript `length`): Twilio's limit. */
export const MAX_IDENTITY_LENGTH = 128;

/**
 * Why `value` is not a usable chat identity, or `null` when it is: 1–128 UTF-16 code units,
 * well-formed Unicode in NFC, no invisible character (control, format, bidi, line separator,
 * default-ignorable), no space but U+0020 and none at either end, and no `#` nor a look-alike of it
 * (`#` joins the two identities of a private channel's name, so `alice＃bob` must not pass for one).
 */
export function identityProblem(value: unknown): NameProblem | null {
  return textProblem(value, MAX_IDENTITY_LENGTH) ?? (HASH_LIKE.test(value as string) ? 'hash' : null);
}

import { describeNameProblem, identityProblem } from '@chat/protocol';
import { HttpError } from './HttpError.js';

export { MAX_IDENTITY_LENGTH } from '@chat/protocol';

/**
 * Checks a chat identity and returns it typed as a string. The rule is `@chat/protocol`'s, shared
 * with the local chat server and `@chat/react`: 1–128 UTF-16 code units, well-formed Unicode in NFC,
 * no invisible character (control, format, bidi, line separator, default-ignorable), no space but
 * U+0020 and none at either end, and no `#` nor a look-alike of it (`#` joins the two identities of
 * a private channel's name).
 *
 * @throws {HttpError} `400 invalid_argument` naming the value, the offending character and the fix.
 */
export function validateIdentity(identity: unknown): string {
  const problem = identityProblem(identity);
  if (problem !== null) {
    throw new HttpError(
      400,
      'invalid_argument',
      `identity ${describeNameProblem(problem, identity, 'identity')}.`,
    );
  }
  return identity as string;
}

import { ChatError } from '../../core/errors.js';

// Same rules as the local server and the store (API.md, "Errors"), enforced here too because a
// backend can be used headless, without the store in front of it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Throws `invalid_argument` unless `identity` is 1–128 characters without '#' or control characters. */
export function assertIdentity(identity: unknown, what = 'identity'): asserts identity is string {
  if (
    typeof identity !== 'string' ||
    identity.length === 0 ||
    identity.length > 128 ||
    identity.includes('#') ||
    CONTROL.test(identity)
  ) {
    throw new ChatError(
      'invalid_argument',
      `${what} ${JSON.stringify(identity)} is invalid: use 1–128 characters without '#' or control characters`,
    );
  }
}

/** Throws `invalid_argument` unless `name` is a usable unique channel name. */
export function assertChannelName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 256 || CONTROL.test(name)) {
    throw new ChatError(
      'invalid_argument',
      `channel name ${JSON.stringify(name)} is invalid: use 1–256 characters without control characters`,
    );
  }
}

/** The unique name of the 1:1 channel of two identities: both sorted, joined by '#'. */
export function privateChannelName(a: string, b: string): string {
  return [a, b].sort().join('#');
}

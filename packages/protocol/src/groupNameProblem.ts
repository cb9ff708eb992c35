import { MAX_CHANNEL_NAME_LENGTH } from './channelNameProblem.js';
import type { NameProblem } from './NameProblem.js';
import { HASH_LIKE } from './namePatterns.js';
import { textProblem } from './textProblem.js';

/**
 * Why `value` cannot name a new group channel, or `null` when it can: a channel name (see
 * `channelNameProblem`) without `#` or a look-alike of it. `#` is reserved for private channels,
 * whose name is their two members' identities, sorted and joined by `#`: a group named `alice#bob`,
 * or `alice＃bob` with a fullwidth sign, would pass for the private chat of alice and bob.
 */
export function groupNameProblem(value: unknown): NameProblem | null {
  return textProblem(value, MAX_CHANNEL_NAME_LENGTH) ?? (HASH_LIKE.test(value as string) ? 'hash' : null);
}

import type { NameProblem } from './NameProblem.js';
import { textProblem } from './textProblem.js';

/** Longest channel unique name, in UTF-16 code units (JavaScript `length`). */
export const MAX_CHANNEL_NAME_LENGTH = 256;

/**
 * Why `value` is not a usable channel unique name, or `null` when it is: 1–256 UTF-16 code units,
 * well-formed Unicode in NFC, no invisible character (control, format, bidi, line separator,
 * default-ignorable), no space but U+0020 and none at either end. This is the rule for naming a
 * channel that exists; creating one adds the rule of its type: `groupNameProblem` for a group, and a
 * private channel is named `privateChannelName(a, b)` after its two members.
 */
export function channelNameProblem(value: unknown): NameProblem | null {
  return textProblem(value, MAX_CHANNEL_NAME_LENGTH);
}

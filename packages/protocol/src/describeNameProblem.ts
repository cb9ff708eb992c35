import { MAX_CHANNEL_NAME_LENGTH } from './channelNameProblem.js';
import { MAX_IDENTITY_LENGTH } from './identityProblem.js';
import type { NameKind, NameProblem } from './NameProblem.js';
import { HASH_LIKE, INVISIBLE, LONE_SURROGATE, SPACE } from './namePatterns.js';

const SHOWN_UNITS = 60;
/** What a message escapes when it quotes a name: what cannot be seen, or passes for something else. */
const UNSEEN = new RegExp(
  `${INVISIBLE.source}|${SPACE.source}|${LONE_SURROGATE.source}|[\\uFE5F\\uFF03\\u266F\\u2317\\u22D5]`,
  'gu',
);

const codePoint = (char: string): string =>
  `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A name quoted for a message: JSON-quoted, cut after 60 code units, with every invisible character,
 * odd space, lone surrogate and look-alike of `#` written as `\u{…}` so that the reader sees it.
 */
export function quoteName(value: unknown): string {
  if (typeof value !== 'string') return value === undefined ? 'nothing' : typeof value;
  const cut = value.length > SHOWN_UNITS ? `${value.slice(0, SHOWN_UNITS)}…` : value;
  return JSON.stringify(cut).replace(UNSEEN, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

function found(value: string, pattern: RegExp): string {
  const match = pattern.exec(value);
  return match === null ? '' : ` (${codePoint(match[0])} at index ${match.index})`;
}

/**
 * Says in words why `value` is refused and how to fix it, for the servers' error messages: a
 * predicate to put after the subject, e.g. `identity ${describeNameProblem('invisible', value,
 * 'identity')}` reads `identity "alice\u{200b}" contains an invisible character (U+200B at index 5):
 * …; remove it`. The name is quoted with {@link quoteName}.
 */
export function describeNameProblem(problem: NameProblem, value: unknown, kind: NameKind): string {
  const max = kind === 'identity' ? MAX_IDENTITY_LENGTH : MAX_CHANNEL_NAME_LENGTH;
  const shown = quoteName(value);
  const text = typeof value === 'string' ? value : '';
  switch (problem) {
    case 'type':
      return `must be a string of 1–${max} characters, got ${shown}`;
    case 'empty':
      return `is empty; give 1–${max} characters, e.g. ${kind === 'identity' ? '"alice"' : '"general"'}`;
    case 'too_long':
      return `${shown} is ${text.length} UTF-16 code units long; the limit is ${max}`;
    case 'lone_surrogate':
      return `${shown} is not well-formed Unicode: it has a lone UTF-16 surrogate${found(text, LONE_SURROGATE)}, which UTF-8 cannot store; send whole characters`;
    case 'not_nfc':
      return `${shown} is not in Unicode normalization form C, so it could differ from a name that looks the same; send name.normalize('NFC')`;
    case 'invisible':
      return `${shown} contains an invisible character${found(text, INVISIBLE)}: a control, format (zero-width, bidi), line-separator or ignorable character; remove it`;
    case 'space':
      return `${shown} contains a space other than U+0020${found(text, SPACE)}; use a plain space`;
    case 'edge_space':
      return `${shown} starts or ends with a space; trim it`;
    case 'hash':
      return `${shown} contains '#' or a look-alike of it${found(text, HASH_LIKE)}: ${
        kind === 'identity'
          ? "'#' joins the two identities of a private channel's name (alice#bob)"
          : "'#' is reserved for private channels, named after their two members (alice#bob)"
      }; choose a name without it`;
  }
}

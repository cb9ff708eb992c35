import type { NameProblem } from './NameProblem.js';
import { INVISIBLE, LONE_SURROGATE, PLAIN, SPACE } from './namePatterns.js';

/**
 * The rule every name shares, identities and channel names alike: a string of 1–`max` UTF-16 code
 * units, well-formed, in NFC, without invisible characters or spaces other than U+0020, and without
 * a leading or trailing space. Plain ASCII takes one regular-expression test: the token server runs
 * this on every request.
 */
export function textProblem(value: unknown, max: number): NameProblem | null {
  if (typeof value !== 'string') return 'type';
  if (value.length === 0) return 'empty';
  if (value.length > max) return 'too_long';
  if (PLAIN.test(value)) return null;
  if (LONE_SURROGATE.test(value)) return 'lone_surrogate';
  if (INVISIBLE.test(value)) return 'invisible';
  if (SPACE.test(value)) return 'space';
  if (value.startsWith(' ') || value.endsWith(' ')) return 'edge_space';
  // After the surrogate check: normalize() would replace a lone surrogate rather than keep it.
  return value.normalize('NFC') === value ? null : 'not_nfc';
}

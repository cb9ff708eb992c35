/**
 * Why a name (an identity or a channel's unique name) is refused. The check functions return one
 * of these or `null`; each side renders its own error from it (`describeNameProblem` for the servers,
 * `ChatError` texts in `@chat/react`).
 *
 * - `type`: not a string.
 * - `empty`, `too_long`: outside 1–128 (identities) or 1–256 (channel names) UTF-16 code units.
 * - `lone_surrogate`: not well-formed Unicode; UTF-8 (and so SQLite, logs, Twilio) cannot carry it,
 *   so what would be stored differs from what was sent.
 * - `not_nfc`: not in Unicode normalization form C: "é" as `e` + U+0301 would be another user than
 *   "é" as U+00E9 while looking the same. Refused, never silently normalized.
 * - `invisible`: a control (Cc), format (Cf: zero-width, bidi overrides, BOM), line or paragraph
 *   separator (Zl, Zp) or default-ignorable character (variation selectors, fillers).
 * - `space`: a space other than U+0020 (no-break, em, ideographic…).
 * - `edge_space`: a leading or trailing space.
 * - `hash`: `#` or a look-alike (any character whose NFKC form contains `#`, ♯, ⌗, ⋕) in an identity
 *   or a group name: `#` joins the two identities of a private channel's name.
 */
export type NameProblem =
  | 'type'
  | 'empty'
  | 'too_long'
  | 'lone_surrogate'
  | 'not_nfc'
  | 'invisible'
  | 'space'
  | 'edge_space'
  | 'hash';

/** What kind of name a {@link NameProblem} is about (its limit and its `#` rule depend on it). */
export type NameKind = 'identity' | 'channel' | 'group';

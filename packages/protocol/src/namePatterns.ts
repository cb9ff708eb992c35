// The character classes the name rules refuse, in one place for the checks and the messages.
// Property escapes follow the Unicode version of the JavaScript engine (Node 20: Unicode 15+).

/** Printable ASCII without a leading or trailing space: most names, and nothing more to check. */
export const PLAIN = /^[!-~](?:[ -~]*[!-~])?$/;
/** A UTF-16 surrogate that is not half of a pair (in `u` mode a pair is one code point, not Cs). */
export const LONE_SURROGATE = /\p{Cs}/u;
/**
 * Characters that are invisible, reorder the text around them or break the line: controls (Cc),
 * format characters (Cf: U+200B, U+202E, the BOM U+FEFF, U+00AD…), line and paragraph separators
 * (Zl, Zp) and default-ignorables (variation selectors, Hangul fillers, U+034F…).
 */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
/** Spaces other than U+0020 (no-break, em, ideographic…): they pass for U+0020 on screen. */
export const SPACE = /(?! )\p{Zs}/u;
/**
 * `#` and what passes for it: every character whose NFKC form contains `#` (U+FE5F small and U+FF03
 * fullwidth number sign; a test scans all of Unicode to keep this list complete), plus the music
 * sharp sign U+266F, U+2317 (viewdata square) and U+22D5 (equal and parallel to).
 */
export const HASH_LIKE = /[#\uFE5F\uFF03\u266F\u2317\u22D5]/;

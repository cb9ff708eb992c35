import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  channelNameProblem,
  describeNameProblem,
  groupNameProblem,
  identityProblem,
  MAX_CHANNEL_NAME_LENGTH,
  MAX_IDENTITY_LENGTH,
  type NameProblem,
  privateChannelName,
  quoteName,
} from '../index.js';

/** [name, identity problem, group-name problem, channel-name problem] */
const TABLE: Array<[unknown, NameProblem | null, NameProblem | null, NameProblem | null]> = [
  ['alice', null, null, null],
  ['Alice Smith', null, null, null],
  ['alice.smith+chat@example.com', null, null, null],
  ['Зоя ✓', null, null, null],
  ['张伟', null, null, null],
  ['😀 party', null, null, null], // a surrogate pair is one well-formed character
  ['café', null, null, null], // é as U+00E9: NFC
  ['general', null, null, null],
  ['x'.repeat(MAX_IDENTITY_LENGTH), null, null, null],
  // Type and length.
  [42, 'type', 'type', 'type'],
  [null, 'type', 'type', 'type'],
  [undefined, 'type', 'type', 'type'],
  ['', 'empty', 'empty', 'empty'],
  ['x'.repeat(MAX_IDENTITY_LENGTH + 1), 'too_long', null, null],
  ['x'.repeat(MAX_CHANNEL_NAME_LENGTH), 'too_long', null, null],
  ['x'.repeat(MAX_CHANNEL_NAME_LENGTH + 1), 'too_long', 'too_long', 'too_long'],
  // Finding 5: lone surrogates.
  ['eve\ud800', 'lone_surrogate', 'lone_surrogate', 'lone_surrogate'],
  ['eve\udc00', 'lone_surrogate', 'lone_surrogate', 'lone_surrogate'],
  ['\ude00\ud83d', 'lone_surrogate', 'lone_surrogate', 'lone_surrogate'], // a pair in the wrong order
  // Finding 6: invisible, reordering and line-breaking characters.
  ['alice\u200b', 'invisible', 'invisible', 'invisible'], // zero-width space
  ['ali\u202ece', 'invisible', 'invisible', 'invisible'], // right-to-left override
  ['\ufeffalice', 'invisible', 'invisible', 'invisible'], // BOM
  ['alice\u2028', 'invisible', 'invisible', 'invisible'], // line separator
  ['alice\u2029bob', 'invisible', 'invisible', 'invisible'], // paragraph separator
  ['al\u00adice', 'invisible', 'invisible', 'invisible'], // soft hyphen
  ['ali\u200dce', 'invisible', 'invisible', 'invisible'], // zero-width joiner
  ['a\u2066lice\u2069', 'invisible', 'invisible', 'invisible'], // bidi isolates
  ['alice\ufe0f', 'invisible', 'invisible', 'invisible'], // variation selector
  ['\u3164', 'invisible', 'invisible', 'invisible'], // Hangul filler (a letter, but blank)
  ['a\u034fb', 'invisible', 'invisible', 'invisible'], // combining grapheme joiner
  ['a\nb', 'invisible', 'invisible', 'invisible'],
  ['a\tb', 'invisible', 'invisible', 'invisible'],
  ['a\u0000', 'invisible', 'invisible', 'invisible'],
  ['a\u007f', 'invisible', 'invisible', 'invisible'],
  ['a\u0085', 'invisible', 'invisible', 'invisible'],
  ['tag\u{e0041}', 'invisible', 'invisible', 'invisible'], // astral tag character
  // Spaces.
  ['alice\u00a0smith', 'space', 'space', 'space'],
  ['alice\u3000smith', 'space', 'space', 'space'],
  ['alice\u2003', 'space', 'space', 'space'],
  [' alice', 'edge_space', 'edge_space', 'edge_space'],
  ['alice ', 'edge_space', 'edge_space', 'edge_space'],
  [' ', 'edge_space', 'edge_space', 'edge_space'],
  ['Зоя ', 'edge_space', 'edge_space', 'edge_space'],
  // Normalization: refused, not normalized.
  ['cafe\u0301', 'not_nfc', 'not_nfc', 'not_nfc'], // e + combining acute
  ['\u212b', 'not_nfc', 'not_nfc', 'not_nfc'], // Angstrom sign, NFC is U+00C5
  // '#' and its look-alikes: refused in identities and group names; channel names may hold them.
  ['a#b', 'hash', 'hash', null],
  ['alice#bob', 'hash', 'hash', null],
  ['alice\uff03bob', 'hash', 'hash', null], // fullwidth: the fake private chat of finding 6
  ['alice\ufe5fbob', 'hash', 'hash', null], // small number sign
  ['alice\u266fbob', 'hash', 'hash', null], // music sharp sign
  ['alice\u2317bob', 'hash', 'hash', null], // viewdata square
  ['alice\u22d5bob', 'hash', 'hash', null], // equal and parallel to
];

describe('name rules', () => {
  it.each(TABLE)('%j: identity %s, group %s, channel %s', (name, identity, group, channel) => {
    expect(identityProblem(name)).toBe(identity);
    expect(groupNameProblem(name)).toBe(group);
    expect(channelNameProblem(name)).toBe(channel);
  });

  it('refuses, in identities and group names, every character whose NFKC form contains #', () => {
    const lookAlikes: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const char = String.fromCodePoint(cp);
      if (char.normalize('NFKC').includes('#')) lookAlikes.push(char);
    }
    expect(lookAlikes.length).toBeGreaterThanOrEqual(3);
    for (const char of lookAlikes) {
      // Those NFC changes (none today) would be refused as not_nfc, which is refused all the same.
      expect(identityProblem(`alice${char}bob`)).not.toBeNull();
      expect(groupNameProblem(`alice${char}bob`)).not.toBeNull();
    }
  });

  it('accepts only names that are well-formed NFC with nothing invisible and no odd or edge space', () => {
    const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
    const unit = fc.oneof(
      fc.constantFrom('a', 'Z', ' ', '#', 'é', 'e\u0301', '\u200b', '\u202e', '\ufeff', '\u00a0', '\uff03'),
      fc.string({ unit: 'binary', maxLength: 2 }),
      fc.string({ unit: 'grapheme', maxLength: 2 }),
    );
    const name = fc.array(unit, { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(name, (value) => {
        const ok = channelNameProblem(value) === null;
        const expected =
          value.length >= 1 &&
          value.length <= MAX_CHANNEL_NAME_LENGTH &&
          // Well-formed: survives a round trip through UTF-8 (a lone surrogate becomes U+FFFD).
          new TextDecoder().decode(new TextEncoder().encode(value)) === value &&
          value.normalize('NFC') === value &&
          !invisible.test(value) &&
          !/(?! )\p{Zs}/u.test(value) &&
          value.trim() === value;
        expect(ok).toBe(expected);
        if (identityProblem(value) === null) {
          expect(ok).toBe(true);
          expect(value.normalize('NFKC')).not.toContain('#');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("names a private channel by both identities sorted and joined by '#', a valid channel name but never a group's", () => {
    expect(privateChannelName('bob', 'alice')).toBe('alice#bob');
    expect(privateChannelName('alice', 'bob')).toBe('alice#bob');
    expect(privateChannelName('Zed', 'adam')).toBe(['Zed', 'adam'].sort().join('#'));
    const identity = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
      .filter((s) => identityProblem(s) === null);
    fc.assert(
      fc.property(identity, identity, (a, b) => {
        const name = privateChannelName(a, b);
        expect(name).toBe(privateChannelName(b, a));
        expect(name).toBe([a, b].sort().join('#'));
        expect(channelNameProblem(name)).toBeNull();
        expect(groupNameProblem(name)).toBe('hash');
        expect(name.split('#')).toEqual([a, b].sort());
      }),
    );
  });
});

describe('describeNameProblem', () => {
  it('names the value, the offending character and the fix', () => {
    expect(describeNameProblem('lone_surrogate', 'eve\ud800', 'identity')).toBe(
      '"eve\\ud800" is not well-formed Unicode: it has a lone UTF-16 surrogate (U+D800 at index 3), which UTF-8 cannot store; send whole characters',
    );
    expect(describeNameProblem('invisible', 'alice\u200b', 'identity')).toMatch(
      /^"alice\\u\{200b\}" contains an invisible character \(U\+200B at index 5\).*remove it$/,
    );
    expect(describeNameProblem('hash', 'alice\uff03bob', 'group')).toMatch(
      /^"alice\\u\{ff03\}bob" contains '#' or a look-alike of it \(U\+FF03 at index 5\): '#' is reserved for private channels/,
    );
    expect(describeNameProblem('space', 'a\u00a0b', 'channel')).toContain(
      '(U+00A0 at index 1); use a plain space',
    );
    expect(describeNameProblem('not_nfc', 'cafe\u0301', 'identity')).toContain("normalize('NFC')");
    expect(describeNameProblem('too_long', 'x'.repeat(300), 'channel')).toMatch(
      /is 300 UTF-16 code units long; the limit is 256$/,
    );
    expect(describeNameProblem('empty', '', 'identity')).toBe(
      'is empty; give 1–128 characters, e.g. "alice"',
    );
    expect(describeNameProblem('type', undefined, 'identity')).toBe(
      'must be a string of 1–128 characters, got nothing',
    );
    expect(describeNameProblem('type', 42, 'channel')).toBe(
      'must be a string of 1–256 characters, got number',
    );
  });

  it('describes every refusal of the table', () => {
    for (const [name, ...problems] of TABLE) {
      for (const [problem, kind] of [
        [problems[0], 'identity'],
        [problems[1], 'group'],
        [problems[2], 'channel'],
      ] as const) {
        if (problem !== null) expect(describeNameProblem(problem, name, kind).length).toBeGreaterThan(20);
      }
    }
  });

  it('quotes at most 60 code units, with what cannot be seen escaped', () => {
    expect(quoteName('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`);
    expect(quoteName('a\u202eb\u3000c#d\uff03')).toBe('"a\\u{202e}b\\u{3000}c#d\\u{ff03}"');
    expect(quoteName(7)).toBe('number');
  });
});

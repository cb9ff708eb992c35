import { forgeJwt } from './forgeJwt.js';

/** Malformed tokens derived from a real one: every shape a parser might choke on. */
export function garbageTokens(real: string): Array<[string, unknown]> {
  const [h = '', p = '', s = ''] = real.split('.');
  const list: Array<[string, unknown]> = [
    ['empty string', ''],
    ['the word null', 'null'],
    ['Bearer prefix kept', `Bearer ${real}`],
    ['surrounding whitespace', ` ${real} `],
    ['trailing dot', `${real}.`],
    ['four parts', `${real}.${s}`],
    ['two parts', `${h}.${p}`],
    ['three empty parts', '..'],
    ['parts reversed', `${s}.${p}.${h}`],
    ['padding added', `${h}=.${p}.${s}`],
    // The signature's first character as a '+' guarantees a change even without '-' or '_'.
    ['standard base64 alphabet', `${h}.${p}.+${s.slice(1)}`.replaceAll('-', '+').replaceAll('_', '/')],
    ['non-base64 characters', 'eyJ@#$.e%^&*.!!!'],
    ['unicode', 'ключ.🔑.鍵'],
    ['header not JSON', `${Buffer.from('not json').toString('base64url')}.${p}.${s}`],
    ['header a JSON array', `${Buffer.from('["HS256"]').toString('base64url')}.${p}.${s}`],
    [
      'payload not JSON, signed',
      forgeJwt(JSON.parse(Buffer.from(h, 'base64url').toString()), 'not json', { signature: s }),
    ],
    ['raw claims, not a JWT', Buffer.from(p, 'base64url').toString()],
    ['16 KiB of base64url', 'A'.repeat(16_384)],
    ['over 16 KiB', `${real}.${'A'.repeat(16_384)}`],
    ['60 KiB', 'eyJ'.repeat(20_480)],
    ['a number', 42],
    ['null', null],
    ['an object', { token: real }],
    ['an array', [real]],
    ['true', true],
  ];
  for (let i = 1; i < 10; i += 1)
    list.push([`truncated to ${i * 10}%`, real.slice(0, Math.floor((real.length * i) / 10))]);
  return list;
}

/**
 * Whether `part` is base64url exactly as an encoder writes it: the alphabet, no padding, and unused
 * low bits of the last character at zero. Decoders (Node's and jose's) ignore those bits, so each
 * signature has up to 16 spellings; a token compared as a string (a deny-list, a cache key, a log
 * search) must have one. Decoding then re-encoding gives the same string only for the canonical one.
 */
export function isCanonicalBase64url(part: string): boolean {
  return Buffer.from(part, 'base64url').toString('base64url') === part;
}

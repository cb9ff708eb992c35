/**
 * The unique name of the private channel of two identities: both sorted (by UTF-16 code units, as
 * `Array.prototype.sort` and `<` compare), joined by `#`. Valid identities contain no `#`, so the
 * name says who the two members are and nothing else. Check both with `identityProblem` first.
 */
export function privateChannelName(a: string, b: string): string {
  return a < b ? `${a}#${b}` : `${b}#${a}`;
}

// Sums the attack counts that a run with ATTACK_TALLY_FILE=<file> appended (one JSON line per
// test file) and prints them per category, for docs/RELIABILITY.md.
// Usage: node src/attacks/printTally.mjs /tmp/attacks.jsonl
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node src/attacks/printTally.mjs <ATTACK_TALLY_FILE>');
  process.exit(2);
}
const totals = new Map();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const { counts } = JSON.parse(line);
  for (const [category, n] of Object.entries(counts)) totals.set(category, (totals.get(category) ?? 0) + n);
}
let sum = 0;
for (const category of [...totals.keys()].sort()) {
  sum += totals.get(category);
  console.log(`| ${category} | ${totals.get(category)} |`);
}
console.log(`| **total** | **${sum}** |`);

import { appendFileSync } from 'node:fs';

/**
 * Counts the attacks a test file tried, per category, for docs/RELIABILITY.md. With
 * `ATTACK_TALLY_FILE=/path` in the environment, {@link AttackTally.flush} appends one JSON line
 * `{ file, counts }` to that file; without it the counts stay in memory (npm test writes nothing).
 */
export class AttackTally {
  readonly file: string;
  readonly counts = new Map<string, number>();

  constructor(file: string) {
    this.file = file;
  }

  /** Adds `n` attacks of one category. */
  count(category: string, n = 1): void {
    this.counts.set(category, (this.counts.get(category) ?? 0) + n);
  }

  /** Total attacks counted so far. */
  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** Appends the counts to `ATTACK_TALLY_FILE` when it is set. */
  flush(): void {
    const target = process.env.ATTACK_TALLY_FILE;
    if (!target || this.counts.size === 0) return;
    appendFileSync(
      target,
      `${JSON.stringify({ file: this.file, counts: Object.fromEntries(this.counts) })}\n`,
    );
  }
}

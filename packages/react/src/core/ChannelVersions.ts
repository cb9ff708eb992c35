import { ChannelTable, type Row } from './ChannelTable.js';

export type { Row } from './ChannelTable.js';

/**
 * The versions of the channels that snapshots hold. `ChatCore` tells it which channels change (O(1)
 * per change: a name in a set); `table()` then returns a new immutable version with only those rows
 * replaced (path copying, O(1) per changed channel), so a snapshot keeps its own version whatever
 * happens later, at no cost to the event path and without copying the whole `channels` record.
 */
export class ChannelVersions {
  #table = ChannelTable.empty();
  readonly #changed = new Set<string>();
  #all = false;
  readonly #entries: ReadonlyMap<string, Row>;

  constructor(entries: ReadonlyMap<string, Row>) {
    this.#entries = entries;
  }

  /** Before the channel `name` changes (or goes). */
  entry(name: string): void {
    this.#changed.add(name);
  }

  /** Before everything changes at once (disconnect). */
  all(): void {
    this.#all = true;
  }

  /** The current version if no channel changed since it was made (then it is the live state). */
  latest(): ChannelTable | null {
    return this.#changed.size === 0 && !this.#all ? this.#table : null;
  }

  /** The current version of the channels (the same object while none changed). */
  table(): ChannelTable {
    const changed = this.#changed;
    const live = this.#entries;
    // The live entries are the rows (an entry is immutable and has `channel` and `activity`): no copy.
    const rowOf = (name: string): Row | undefined => live.get(name);
    // Slots of names gone pile up with churn: past twice the live size, renumber (amortized O(1)).
    if (this.#all || this.#table.slots.size > 2 * live.size + 64) {
      this.#table = ChannelTable.empty().with(live.keys(), rowOf);
    } else if (changed.size > 0) {
      this.#table = this.#table.with(changed, rowOf);
    }
    changed.clear();
    this.#all = false;
    return this.#table;
  }
}

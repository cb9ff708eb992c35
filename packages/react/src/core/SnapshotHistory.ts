import type { Channel } from './types.js';

/** What the lazy fields of a state are built from, per channel: its public object and list sort key. */
export interface Row {
  readonly channel: Channel;
  readonly activity: number;
}

/** The lazy fields of a snapshot, once built. */
export interface LazyValues {
  channels?: Record<string, Channel>;
  private?: Channel[];
  group?: Channel[];
  typing?: Record<string, string[]>;
}

/**
 * One state of the store as handed out in snapshots (several share it while only eager fields such
 * as `connectionState` change). `values` memoizes its lazy fields. Once the store changes, `rows` and
 * `typing` record what the changed channels and typing lists were in this state (the first value
 * wins) and `next` leads to the state after, so a retained snapshot can still build its own values
 * later: from the live maps, walking back through the records. A checkpoint keeps a full copy in
 * `base` instead and ends the chain, so a retained snapshot never holds more than one copy and one
 * stretch of records.
 */
export interface Era {
  shared: boolean;
  dirty: boolean;
  next: Era | null;
  rows: Map<string, Row | undefined> | null;
  typing: Map<string, string[] | undefined> | null;
  base: { rows: Map<string, Row>; typing: Map<string, string[]> } | null;
  values: LazyValues;
}

const era = (): Era => ({
  shared: false,
  dirty: false,
  next: null,
  rows: null,
  typing: null,
  base: null,
  values: {},
});

/**
 * Keeps every handed-out snapshot immutable at O(1) per change. Before `ChatCore` changes a channel or
 * a typing list, it tells the history, which records the old value in the current era only if a
 * snapshot holds that era and has not built all its lazy values yet (first change per key only).
 * After `entries.size + 64` records, the current era is copied once (a checkpoint, O(channels)), which
 * bounds what old snapshots retain and amortizes to O(1) per change.
 */
export class SnapshotHistory {
  /** The era the next snapshot holds (or the latest snapshot holds). */
  current: Era = era();
  #recorded = 0;
  readonly #entries: ReadonlyMap<string, Row>;
  readonly #typing: ReadonlyMap<string, string[]>;

  constructor(entries: ReadonlyMap<string, Row>, typing: ReadonlyMap<string, string[]>) {
    this.#entries = entries;
    this.#typing = typing;
  }

  /** The era for a new snapshot: the current one while the state is unchanged, else a new one. */
  share(): Era {
    const e = this.current;
    if (e.dirty && e.shared) {
      const next = era();
      if (!e.base) e.next = next;
      this.current = next;
    }
    this.current.dirty = false;
    this.current.shared = true;
    return this.current;
  }

  /** Before the channel `name` changes (or goes): `prev` is its row until now. */
  entry(name: string, prev: Row | undefined): void {
    const e = this.#recording();
    if (!e || e.rows?.has(name)) return;
    e.rows ??= new Map();
    // Only what the lazy fields need: an old entry's messages are not kept alive.
    e.rows.set(name, prev && { channel: prev.channel, activity: prev.activity });
    this.#count();
  }

  /** Before who is typing in `name` changes: `prev` is the list until now. */
  typingOf(name: string, prev: string[] | undefined): void {
    const e = this.#recording();
    if (!e || e.typing?.has(name)) return;
    e.typing ??= new Map();
    e.typing.set(name, prev);
    this.#count();
  }

  /** Before everything changes at once (disconnect): one copy instead of a record per channel. */
  all(): void {
    if (this.#recording()) this.#checkpoint();
  }

  /** The full state of `from`: the live maps, overridden by the records up to a checkpoint. */
  static state(from: Era, live: SnapshotHistory): { rows: Map<string, Row>; typing: Map<string, string[]> } {
    const rows = new Map<string, Row | undefined>();
    const typing = new Map<string, string[] | undefined>();
    let e: Era | null = from;
    let base: { rows: ReadonlyMap<string, Row>; typing: ReadonlyMap<string, string[]> } = {
      rows: live.#entries,
      typing: live.#typing,
    };
    for (; e; e = e.next) {
      for (const [name, row] of e.rows ?? []) if (!rows.has(name)) rows.set(name, row);
      for (const [name, list] of e.typing ?? []) if (!typing.has(name)) typing.set(name, list);
      if (e.base) {
        base = e.base;
        break;
      }
    }
    return { rows: overlay(base.rows, rows), typing: overlay(base.typing, typing) };
  }

  /** The current era, if a change must be recorded in it. */
  #recording(): Era | null {
    const e = this.current;
    e.dirty = true;
    const v = e.values;
    if (!e.shared || e.base || (v.channels && v.private && v.group && v.typing)) return null;
    return e;
  }

  #count(): void {
    if (++this.#recorded > this.#entries.size + 64) this.#checkpoint();
  }

  #checkpoint(): void {
    const e = this.current;
    e.base = SnapshotHistory.state(e, this);
    e.rows = e.typing = null;
    this.#recorded = 0;
  }
}

function overlay<T>(base: ReadonlyMap<string, T>, changes: Map<string, T | undefined>): Map<string, T> {
  const out = new Map(base);
  for (const [key, value] of changes) {
    if (value === undefined) out.delete(key);
    else out.set(key, value);
  }
  return out;
}

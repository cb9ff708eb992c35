import type { Channel } from './types.js';

/** What a snapshot shows of one channel: its public object and its list sort key. */
export interface Row {
  readonly channel: Channel;
  readonly activity: number;
}

type Leaf = (Row | undefined)[];
type Node = Leaf[];

/** Rows per leaf and leaves per node: a change copies one root (n/1024 slots), one node and one leaf. */
const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

/**
 * An immutable version of the store's channels (a persistent map): `with()` returns a new version
 * that shares everything but the copied path, O(1) per changed channel (a root of n/1024 slots, a
 * node and a leaf of 32), so every snapshot keeps its own version and an old snapshot never shows
 * newer data. Each name has a slot, numbered in insertion order (shared by the versions of one
 * generation, so a lookup is one `Map.get` plus three array reads); keys enumerate in that order.
 *
 * `record()` is the version as the public `channels` Record: a read-only Proxy that reads like a
 * plain object (`channels[name]`, `in`, `Object.keys/values/entries`, spread, JSON) and refuses writes.
 */
export class ChannelTable {
  #record: Record<string, Channel> | null = null;
  #keys: string[] | null = null;

  private constructor(
    readonly slots: Map<string, number>,
    readonly root: Node[],
    /** Channels in this version. */
    readonly size: number,
  ) {}

  /** An empty version, in a new generation (slots numbered afresh). */
  static empty(): ChannelTable {
    return new ChannelTable(new Map(), [], 0);
  }

  /** The row of `name` in this version. */
  get(name: string): Row | undefined {
    const slot = this.slots.get(name);
    return slot === undefined
      ? undefined
      : this.root[slot >> (2 * BITS)]?.[(slot >> BITS) & MASK]?.[slot & MASK];
  }

  /**
   * A new version where each of `names` has `rowOf(name)` (undefined removes). This version stays as
   * it is: the path to each changed slot is copied, once per call however many names share it.
   */
  with(names: Iterable<string>, rowOf: (name: string) => Row | undefined): ChannelTable {
    // One changed name (the common case): copy its path with no Set and no closure.
    if (names instanceof Set && names.size === 1) {
      const [name] = names as Set<string>;
      return this.#withOne(name!, rowOf(name!));
    }
    // Arrays copied in this call are changed in place (a Set only when several names may share them).
    const fresh = new Set<unknown[]>();
    const copy = <T>(array: T[] | undefined): T[] => {
      if (array && fresh.has(array)) return array;
      const out = array ? array.slice() : [];
      fresh.add(out);
      return out;
    };
    const root = this.root.slice();
    let size = this.size;
    for (const name of names) {
      const row = rowOf(name);
      let slot = this.slots.get(name);
      if (slot === undefined) {
        if (!row) continue;
        slot = this.slots.size;
        this.slots.set(name, slot);
      }
      const node = copy(root[slot >> (2 * BITS)]);
      root[slot >> (2 * BITS)] = node;
      const leaf = copy(node[(slot >> BITS) & MASK]);
      node[(slot >> BITS) & MASK] = leaf;
      size += (row ? 1 : 0) - (leaf[slot & MASK] ? 1 : 0);
      leaf[slot & MASK] = row;
    }
    return new ChannelTable(this.slots, root, size);
  }

  #withOne(name: string, row: Row | undefined): ChannelTable {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      if (!row) return new ChannelTable(this.slots, this.root, this.size);
      slot = this.slots.size;
      this.slots.set(name, slot);
    }
    const root = this.root.slice();
    const at = slot >> (2 * BITS);
    const node = root[at] ? root[at].slice() : [];
    root[at] = node;
    const mid = (slot >> BITS) & MASK;
    const leaf = node[mid] ? node[mid].slice() : [];
    node[mid] = leaf;
    const size = this.size + (row ? 1 : 0) - (leaf[slot & MASK] ? 1 : 0);
    leaf[slot & MASK] = row;
    return new ChannelTable(this.slots, root, size);
  }

  /** Names in this version, in slot (insertion) order. */
  keys(): string[] {
    if (!this.#keys) {
      this.#keys = [];
      for (const name of this.slots.keys()) if (this.get(name)) this.#keys.push(name);
    }
    return this.#keys;
  }

  /** This version as a read-only `Record<string, Channel>` (one Proxy per version). */
  record(): Record<string, Channel> {
    this.#record ??= new Proxy({ [TABLE]: this } as Target, readOnly) as unknown as Record<string, Channel>;
    return this.#record;
  }

  /** The version behind a `record()` (undefined for any other object). */
  static behind(record: object): ChannelTable | undefined {
    return (record as Partial<Target>)[TABLE];
  }
}

const TABLE = Symbol('table');
type Target = { [TABLE]: ChannelTable };

const channel = (target: Target, key: string | symbol): Channel | undefined =>
  typeof key === 'string' ? target[TABLE].get(key)?.channel : undefined;
const refuse = (): boolean => false;

/** The Proxy handler of every `record()`: answers from the target's table, refuses every write. */
const readOnly: ProxyHandler<Target> = {
  get: (target, key) => channel(target, key) ?? Reflect.get(target, key),
  has: (target, key) => channel(target, key) !== undefined || Reflect.has(target, key),
  ownKeys: (target) => target[TABLE].keys(),
  getOwnPropertyDescriptor(target, key) {
    const value = channel(target, key);
    // configurable: a Proxy may not report non-configurable properties its target lacks.
    return value && { value, writable: false, enumerable: true, configurable: true };
  },
  set: refuse,
  defineProperty: refuse,
  deleteProperty: refuse,
  setPrototypeOf: refuse,
};

const HOUR_MS = 3_600_000;

/** Keys kept before full buckets are first swept (a full bucket holds no information). */
const FIRST_SWEEP_AT = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key holding `perHour` tokens, refilled continuously at `perHour` an hour:
 * a burst of `perHour`, then one every `1 h / perHour`. In memory: a restart refills every bucket,
 * which is acceptable for limits meant to bound growth, not to meter it exactly.
 */
export class HourlyBuckets {
  readonly #perHour: number;
  readonly #buckets = new Map<string, Bucket>();
  #sweepAt = FIRST_SWEEP_AT;

  constructor(perHour: number) {
    this.#perHour = perHour;
  }

  /** The per-hour limit, for messages. */
  get perHour(): number {
    return this.#perHour;
  }

  /** Keys currently remembered (a key whose bucket is full again is eventually forgotten). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Milliseconds until `key` has a token again: 0 when it has one now. */
  waitMs(key: string, now = Date.now()): number {
    const tokens = this.#tokens(key, now);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * HOUR_MS) / this.#perHour);
  }

  /** Takes one token from `key`'s bucket (callers check {@link waitMs} first). */
  take(key: string, now = Date.now()): void {
    if (this.#perHour === Number.POSITIVE_INFINITY) return;
    this.#buckets.set(key, { tokens: this.#tokens(key, now) - 1, at: now });
    if (this.#buckets.size > this.#sweepAt) this.#sweep(now);
  }

  #tokens(key: string, now: number): number {
    const bucket = this.#buckets.get(key);
    if (!bucket || this.#perHour === Number.POSITIVE_INFINITY) return this.#perHour;
    return Math.min(this.#perHour, bucket.tokens + ((now - bucket.at) * this.#perHour) / HOUR_MS);
  }

  #sweep(now: number): void {
    for (const key of [...this.#buckets.keys()]) {
      if (this.#tokens(key, now) >= this.#perHour) this.#buckets.delete(key);
    }
    // Many busy keys: sweep again only after as many more, so a take stays O(1) amortised.
    this.#sweepAt = Math.max(FIRST_SWEEP_AT, this.#buckets.size * 2);
  }
}

import { TokenBucket } from '@chat/server';

/** The per-identity rates with every default applied (`rateLimit.perIdentity`). */
export interface IdentityRates {
  framesPerSecond: number;
  burst: number;
  sendsPerSecond: number;
  sendBurst: number;
}

interface Entry {
  sockets: number;
  frames: TokenBucket | null;
  sends: TokenBucket | null;
}

/**
 * What one identity may use, whatever the number of its connections: signed-in WebSockets, frames
 * and message sends. Per-connection limits alone let one user multiply their share by opening
 * more sockets (issue 12: 25 sockets stored 10,025 messages in 8 s while others waited seconds).
 * An identity is forgotten once it has no socket and its buckets are full again, so the map holds
 * only identities active lately.
 */
export class IdentityLimits {
  readonly #rates: IdentityRates | null;
  readonly #maxSockets: number;
  readonly #entries = new Map<string, Entry>();

  /** `rates` null: no per-identity rate limit (benchmarks); the socket cap still applies. */
  constructor(rates: IdentityRates | null, maxSockets: number) {
    this.#rates = rates;
    this.#maxSockets = maxSockets;
  }

  /** Counts a signed-in socket of `identity`; `false` (nothing counted) when it is at the cap. */
  addSocket(identity: string): boolean {
    const entry = this.#entry(identity);
    if (entry.sockets >= this.#maxSockets) return false;
    entry.sockets += 1;
    return true;
  }

  /** Releases a socket counted by {@link addSocket}, once it has really closed. */
  removeSocket(identity: string): void {
    const entry = this.#entries.get(identity);
    if (!entry) return;
    entry.sockets = Math.max(0, entry.sockets - 1);
    this.#forgetIfIdle(identity, entry, Date.now());
  }

  /** Charges one frame to the identity; `false` when its shared budget is spent. */
  takeFrame(identity: string, now = Date.now()): boolean {
    return this.#entry(identity).frames?.take(now) ?? true;
  }

  /** Charges one `sendMessage` to the identity; `false` when its send budget is spent. */
  takeSend(identity: string, now = Date.now()): boolean {
    return this.#entry(identity).sends?.take(now) ?? true;
  }

  /** Milliseconds until the identity's frame budget holds a token again (0: now). */
  frameWaitMs(identity: string, now = Date.now()): number {
    return this.#entry(identity).frames?.waitMs(now) ?? 0;
  }

  /** Milliseconds until the identity's send budget holds a token again (0: now). */
  sendWaitMs(identity: string, now = Date.now()): number {
    return this.#entry(identity).sends?.waitMs(now) ?? 0;
  }

  /** Drops the identities with no socket whose buckets have refilled (called periodically). */
  prune(now = Date.now()): void {
    for (const [identity, entry] of this.#entries) this.#forgetIfIdle(identity, entry, now);
  }

  #forgetIfIdle(identity: string, entry: Entry, now: number): void {
    if (entry.sockets > 0) return;
    if (entry.frames && !entry.frames.isFull(now)) return;
    if (entry.sends && !entry.sends.isFull(now)) return;
    this.#entries.delete(identity);
  }

  #entry(identity: string): Entry {
    let entry = this.#entries.get(identity);
    if (!entry) {
      const rates = this.#rates;
      entry = {
        sockets: 0,
        frames: rates ? new TokenBucket({ burst: rates.burst, perSecond: rates.framesPerSecond }) : null,
        sends: rates ? new TokenBucket({ burst: rates.sendBurst, perSecond: rates.sendsPerSecond }) : null,
      };
      this.#entries.set(identity, entry);
    }
    return entry;
  }
}

import type { WireEvent, WireReply } from '@chat/protocol';
import type { Audience, DomainEvent, EventEnvelope } from './events.js';

/** The part of a connection the hub needs: who it is and how to hand it an event. */
export interface Peer {
  readonly identity: string;
  /** Delivers a published event; the peer encodes it for its own wire. */
  deliver(envelope: EventEnvelope): void;
}

/**
 * Sees every published event once, whoever is connected (the Twilio emulator's Sync projection:
 * it keeps per-object versions so that a client that reconnects can be replayed what it missed).
 */
export type Tap = (event: DomainEvent, audience: Audience) => void;

/**
 * Every authenticated connection by identity, so that an event is built once and handed to each
 * connection of each member (two tabs of one user both receive it), plus the taps that see all
 * events.
 */
export class Hub {
  readonly #byIdentity = new Map<string, Set<Peer>>();
  readonly #taps: Tap[] = [];

  add(peer: Peer): void {
    let set = this.#byIdentity.get(peer.identity);
    if (!set) {
      set = new Set();
      this.#byIdentity.set(peer.identity, set);
    }
    set.add(peer);
  }

  remove(peer: Peer): void {
    const set = this.#byIdentity.get(peer.identity);
    if (!set) return;
    set.delete(peer);
    if (set.size === 0) this.#byIdentity.delete(peer.identity);
  }

  /** Adds a tap; it receives every event published from now on. */
  tap(tap: Tap): void {
    this.#taps.push(tap);
  }

  /**
   * Whether an event for this identity would reach anyone: one of its connections, or a tap
   * (callers skip building per-user events nobody receives).
   */
  isOnline(identity: string): boolean {
    return this.#taps.length > 0 || this.#byIdentity.has(identity);
  }

  /** Publishes an event to every connection of one user. */
  toUser(identity: string, event: DomainEvent): void {
    for (const tap of this.#taps) tap(event, { user: identity });
    const set = this.#byIdentity.get(identity);
    if (!set) return;
    const envelope: EventEnvelope = { event };
    for (const peer of set) peer.deliver(envelope);
  }

  /** Publishes an event to every connection of every listed identity except `except`. */
  toMembers(members: ReadonlySet<string> | readonly string[], event: DomainEvent, except?: string): void {
    for (const tap of this.#taps) tap(event, { members, except });
    const envelope: EventEnvelope = { event };
    for (const identity of members) {
      if (identity === except) continue;
      const set = this.#byIdentity.get(identity);
      if (!set) continue;
      for (const peer of set) peer.deliver(envelope);
    }
  }
}

/** One JSON encoding of a frame the hub does not share (a reply, a per-connection event). */
export function encode(frame: WireEvent | WireReply): Buffer {
  return Buffer.from(JSON.stringify(frame));
}

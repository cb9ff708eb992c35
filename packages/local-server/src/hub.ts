import type { WireEvent, WireReply } from '@chat/protocol';

/** The part of a connection the hub needs: who it is and how to push a frame to it. */
export interface Peer {
  readonly identity: string;
  push(frame: Buffer): void;
}

/**
 * Every authenticated connection by identity, so that an event is encoded once and written to
 * each connection of each member (two tabs of one user both receive it).
 */
export class Hub {
  readonly #byIdentity = new Map<string, Set<Peer>>();

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

  /** Whether the identity has at least one open connection. */
  isOnline(identity: string): boolean {
    return this.#byIdentity.has(identity);
  }

  /** Pushes an event to every connection of one user. */
  toUser(identity: string, event: WireEvent): void {
    const set = this.#byIdentity.get(identity);
    if (!set) return;
    const frame = encode(event);
    for (const peer of set) peer.push(frame);
  }

  /** Pushes an event to every connection of every listed identity except `except`. */
  toMembers(members: Iterable<string>, event: WireEvent, except?: string): void {
    let frame: Buffer | undefined;
    for (const identity of members) {
      if (identity === except) continue;
      const set = this.#byIdentity.get(identity);
      if (!set) continue;
      frame ??= encode(event);
      for (const peer of set) peer.push(frame);
    }
  }
}

/** One JSON encoding per frame (an event, shared by every recipient, or a reply). */
export function encode(frame: WireEvent | WireReply): Buffer {
  return Buffer.from(JSON.stringify(frame));
}

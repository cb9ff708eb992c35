import type { Duplex } from 'node:stream';

/**
 * Coalesces the frames written to a socket during one turn of the event loop into a single
 * write: the socket is corked at its first frame and uncorked once the turn is over. Under load
 * a client receives many messages per turn, and one syscall per socket per turn instead of one
 * per frame is what keeps a 100-client fan-out cheap.
 */
export class WriteBatcher {
  readonly #held = new Set<Duplex>();
  #scheduled = false;

  /** Holds `socket`'s writes until the end of the current turn. */
  hold(socket: Duplex): void {
    if (this.#held.has(socket)) return;
    socket.cork();
    this.#held.add(socket);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Writes everything held. */
  readonly flush = (): void => {
    this.#scheduled = false;
    for (const socket of this.#held) socket.uncork();
    this.#held.clear();
  };
}

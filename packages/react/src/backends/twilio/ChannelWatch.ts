import type { TwilioChannel } from './types.js';
import { Waits } from './Waits.js';

/**
 * Waits for the SDK's own view of a channel to catch up with a change the service already
 * accepted. Both SDKs resolve `join()`, `leave()` and a read-horizon update as soon as the REST
 * call is answered, but change the channel's `status` and `lastReadMessageIndex` only when the
 * Sync update arrives (`conversationJoined`, `channelLeft`, `conversationUpdated`…), and the SDK
 * itself refuses some calls until then (`leave()` does nothing unless the status is `joined`).
 * The connection calls {@link ChannelWatch.changed} on every channel event.
 */
export class ChannelWatch {
  readonly #waits = new Waits<true>();

  /**
   * Resolves true once `holds()` is true for the channel (at once if it already is), or false
   * after `timeoutMs` or at {@link ChannelWatch.clear}.
   */
  async until(channel: TwilioChannel, holds: () => boolean, timeoutMs: number): Promise<boolean> {
    if (holds()) return true;
    return (await this.#waits.wait(channel.sid, holds, timeoutMs).seen) !== null;
  }

  /** True while a call of this connection waits for this channel (its events are the call's answer). */
  awaited(sid: string): boolean {
    return this.#waits.has(sid);
  }

  /** Re-checks the waits on a channel the SDK just reported a change of. */
  changed(sid: string): void {
    this.#waits.notify(sid, true);
  }

  /** Releases every wait (false): the connection is closing. */
  clear(): void {
    this.#waits.clear();
  }
}

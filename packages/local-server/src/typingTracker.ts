/** Sends the typing events of one channel/identity pair. */
export type TypingNotify = (
  channelId: number,
  channelName: string,
  identity: string,
  event: 'typingStarted' | 'typingEnded',
) => void;

interface Typist {
  channelId: number;
  channelName: string;
  identity: string;
  timer: NodeJS.Timeout;
}

/**
 * Typing signals per (channel, identity): the first signal announces `typingStarted`, every
 * signal pushes the end back by `timeoutMs`, and silence ends it with `typingEnded`.
 */
export class TypingTracker {
  readonly #timeoutMs: number;
  readonly #notify: TypingNotify;
  readonly #timers = new Map<string, Typist>();

  constructor(timeoutMs: number, notify: TypingNotify) {
    this.#timeoutMs = timeoutMs;
    this.#notify = notify;
  }

  /** A typing signal from `identity` in a channel it belongs to. */
  signal(channelId: number, channelName: string, identity: string): void {
    const key = `${channelId}\n${identity}`;
    const entry = this.#timers.get(key);
    if (entry) {
      entry.timer.refresh();
      return;
    }
    const timer = setTimeout(() => this.stop(channelId, identity), this.#timeoutMs);
    this.#timers.set(key, { channelId, channelName, identity, timer });
    this.#notify(channelId, channelName, identity, 'typingStarted');
  }

  /** Ends typing now (timeout, message sent, member left). No-op when not typing. */
  stop(channelId: number, identity: string): void {
    const key = `${channelId}\n${identity}`;
    const entry = this.#timers.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.#timers.delete(key);
    this.#notify(channelId, entry.channelName, identity, 'typingEnded');
  }

  /** Clears every timer without notifying (server shutdown). */
  clear(): void {
    for (const entry of this.#timers.values()) clearTimeout(entry.timer);
    this.#timers.clear();
  }
}

import type { BackendEvent, ChatBackend } from '../../../core/backend.js';

/** How the contract suite drives one backend implementation. */
export interface ContractHarness {
  /** A new, unconnected backend instance (one per user). */
  makeBackend(): ChatBackend;
  /** A token the backend accepts for `identity`. */
  mintToken(identity: string): string | Promise<string>;
  /**
   * Whether a user can join a group channel nobody added them to. Twilio Conversations has no
   * public channels (a member adds you); the local server and twilio-chat have them.
   */
  publicGroups: boolean;
  /** Releases what the harness started (servers, fakes). */
  cleanup(): Promise<void>;
}

/** One connected user: a backend and what it emitted, with event waits free of timing. */
export class ContractUser {
  readonly events: BackendEvent[] = [];
  #waiters: { match: (event: BackendEvent) => boolean; resolve: (event: BackendEvent) => void }[] = [];

  constructor(
    readonly backend: ChatBackend,
    readonly identity: string,
  ) {}

  readonly emit = (event: BackendEvent): void => {
    this.events.push(event);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.match(event)) return true;
      waiter.resolve(event);
      return false;
    });
  };

  /** The first matching event, already emitted or future. */
  waitFor<T extends BackendEvent['type']>(
    type: T,
    predicate: (event: Extract<BackendEvent, { type: T }>) => boolean = () => true,
  ): Promise<Extract<BackendEvent, { type: T }>> {
    const match = (event: BackendEvent): event is Extract<BackendEvent, { type: T }> =>
      event.type === type && predicate(event as Extract<BackendEvent, { type: T }>);
    const found = this.events.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      this.#waiters.push({ match, resolve: resolve as (event: BackendEvent) => void });
    });
  }

  /** The messageAdded events of a channel so far. */
  messagesIn(channel: string): Extract<BackendEvent, { type: 'messageAdded' }>[] {
    return this.events.filter(
      (e): e is Extract<BackendEvent, { type: 'messageAdded' }> =>
        e.type === 'messageAdded' && e.message.channel === channel,
    );
  }
}

import {
  type ChatApi,
  type ChatError,
  type ChatStore,
  type ConnectionState,
  type CreateChatStoreOptions,
  createChatStore,
} from '@chat/react';
import { type LocalBackendOptions, localBackend } from '@chat/react/local';
import WebSocket from 'ws';
import { tokenFor } from './tokenFor.js';

/** Options of {@link ChatUser.connect}. */
export interface ChatUserOptions {
  /** Default: a one-hour token for the identity, minted on every call. */
  getToken?: () => Promise<string>;
  /** Store options besides the backend (default `batchMs: 0`, so every published state is seen). */
  store?: Omit<CreateChatStoreOptions, 'backend'>;
  /** Backend options besides url (default: ws, quick reconnect backoff, 5 s requests). */
  backend?: Omit<LocalBackendOptions, 'url'>;
}

/**
 * One person (or one browser tab): a real headless store over the real local backend, recording
 * every connection state and every error the store publishes — what a user would see.
 */
export class ChatUser {
  readonly identity: string;
  readonly store: ChatStore;
  /** Every distinct `connectionState` published, in order (consecutive repeats folded). */
  readonly states: ConnectionState[] = [];
  /** Every distinct non-null `error` published, in order. */
  readonly errors: ChatError[] = [];
  readonly #unsubscribe: () => void;

  private constructor(identity: string, store: ChatStore) {
    this.identity = identity;
    this.store = store;
    let lastError: ChatError | null = null;
    this.#unsubscribe = store.subscribe(() => {
      const { connectionState, error } = store.getState();
      if (this.states.at(-1) !== connectionState) this.states.push(connectionState);
      if (error && error !== lastError) this.errors.push(error);
      lastError = error;
    });
  }

  /** Creates the store and connects it; resolves once `connect` resolved. */
  static async connect(url: string, identity: string, options: ChatUserOptions = {}): Promise<ChatUser> {
    const backend = localBackend({
      url,
      WebSocket,
      reconnect: { initialDelayMs: 50, maxDelayMs: 1000 },
      requestTimeoutMs: 5000,
      ...options.backend,
    });
    const store = createChatStore({ batchMs: 0, ...options.store, backend });
    const user = new ChatUser(identity, store);
    const getToken = options.getToken ?? (async () => tokenFor(identity));
    await store.getState().connect(getToken, identity);
    return user;
  }

  /** The store's current state and methods. */
  get api(): ChatApi {
    return this.store.getState();
  }

  /**
   * The states published after the first `connected` (what the user sees once the app is up).
   * Throws when `connected` was never published: "no state after connected" would then hold for a
   * user who never connected.
   */
  statesAfterConnect(): ConnectionState[] {
    return statesAfterConnect(this.identity, this.states);
  }

  /** Disconnects (no sockets or timers left) and stops recording. */
  async close(): Promise<void> {
    await this.api.disconnect();
    this.#unsubscribe();
  }
}

/** See {@link ChatUser.statesAfterConnect}: `states` after the first `connected`; throws without one. */
export function statesAfterConnect(identity: string, states: readonly ConnectionState[]): ConnectionState[] {
  const first = states.indexOf('connected');
  if (first < 0) {
    throw new Error(
      `ChatUser.statesAfterConnect: ${identity} never published 'connected' (states: ${states.join(', ') || 'none'}); wait until the user is connected before checking what followed.`,
    );
  }
  return states.slice(first + 1);
}

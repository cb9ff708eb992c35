import type { BackendEvent, BackendMessage } from '../../core/backend.js';
import { ChatError, type ChatErrorCode } from '../../core/errors.js';
import { channelSnapshot } from './channelSnapshot.js';
import { mapConnectionState } from './mapConnectionState.js';
import type { TwilioChannel, TwilioListener, TwilioSession } from './types.js';
import { unreadCountOf } from './unreadCountOf.js';

/** Horizon-moving update reasons of both SDKs. */
const HORIZON_REASONS = new Set(['lastReadMessageIndex', 'lastConsumedMessageIndex']);
/** Update reasons that change what BackendChannel shows. */
const SHOWN_REASONS = new Set(['friendlyName', 'attributes', 'uniqueName']);

/**
 * One SDK client's life, from `new Client(token)` to `shutdown()`. It receives the SDK's events
 * (as the driver's listener) and turns them into BackendEvents. It settles the connect promise on
 * the SDK's ready/failed signals, and it stops every emission the moment it is closed, so nothing
 * reaches the store after shutdown even if the SDK keeps firing.
 */
export class TwilioConnection implements TwilioListener {
  /** The SDK client, once the driver has constructed it. */
  sdk: TwilioSession | null = null;
  /** SDK channels by name: avoids a lookup per operation and per event. */
  readonly channels = new Map<string, TwilioChannel>();
  /** clientIds this connection has tried to send (`sid\nclientId`): a resend looks them up first. */
  readonly attempted = new Set<string>();
  /** Sends in flight by `sid\nclientId`, so a double click joins the first send. */
  readonly sending = new Map<string, Promise<BackendMessage>>();
  /** The identity of the connected user (set once ready). */
  identity: string | null = null;
  #ready = false;
  #closed = false;
  readonly #emit: (event: BackendEvent) => void;
  /** Names announced by channelAdded/listChannels, so the SDK's duplicate events emit once. */
  readonly #known = new Set<string>();
  /** Latest unread refresh per channel: an older answer never overwrites a newer one. */
  readonly #unreadSeq = new Map<string, number>();
  #lastError: string | null = null;
  #settle: { resolve: () => void; reject: (error: ChatError) => void } | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly whenReady: Promise<void>;

  constructor(emit: (event: BackendEvent) => void, timeoutMs: number) {
    this.#emit = emit;
    this.whenReady = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // Callers attach their handler later; an early rejection must not count as unhandled.
    this.whenReady.catch(() => {});
    this.#timer = setTimeout(() => {
      this.#fail('network', `Twilio did not finish initialising within ${timeoutMs} ms; check the network`);
    }, timeoutMs);
  }

  /** True between the SDK's ready signal and close: the only time calls may reach the SDK. */
  get isReady(): boolean {
    return this.#ready && !this.#closed;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Remembers a channel the user belongs to, as announced to the store. */
  remember(channel: TwilioChannel): void {
    this.channels.set(channel.name, channel);
    if (channel.isMember) this.#known.add(channel.name);
  }

  /**
   * Stops all events and shuts the SDK client down. The SDK's `shutdown()` first waits for
   * initialisation, which may never finish (offline) or may have failed (it then rejects): only
   * a client that became ready is awaited, the others are shut down in the background.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    const wasReady = this.#ready;
    this.#closed = true;
    this.#fail('not_connected', 'the connection was shut down before Twilio finished initialising');
    const sdk = this.sdk;
    if (!sdk) return;
    const done = sdk.shutdown().catch(() => {
      // The client is being discarded; a failure to say goodbye changes nothing for the caller.
    });
    if (wasReady) await done;
  }

  #fail(code: ChatErrorCode, message: string): void {
    clearTimeout(this.#timer);
    const settle = this.#settle;
    this.#settle = null;
    settle?.reject(new ChatError(code, message));
  }

  #send(event: BackendEvent): void {
    if (this.isReady) this.#emit(event);
  }

  // ---- TwilioListener: what the SDK reports ----

  ready(): void {
    if (this.#closed || !this.#settle) return;
    clearTimeout(this.#timer);
    this.#ready = true;
    this.identity = this.sdk?.identity ?? null;
    const settle = this.#settle;
    this.#settle = null;
    settle.resolve();
    // The store sets 'connected' when connect resolves; report only a state that differs.
    const state = this.sdk ? mapConnectionState(this.sdk.connectionState, false) : null;
    if (state && state !== 'connected') this.#send({ type: 'connectionStateChanged', state });
  }

  failed(reason: { message: string; code?: ChatErrorCode }): void {
    this.#fail(reason.code ?? 'network', `Twilio could not initialise the client: ${reason.message}`);
  }

  connectionStateChanged(state: string): void {
    if (!this.#ready) {
      // Before ready the connect promise speaks; a refused token is its answer.
      if (state === 'denied') {
        this.#fail(
          'token_invalid',
          'connect: Twilio refused the access token; check the keys of your token server.',
        );
      }
      return;
    }
    const mapped = mapConnectionState(state, this.#closed);
    if (!mapped) return;
    if (mapped === 'denied') {
      const error = new ChatError(
        'token_invalid',
        'connect: Twilio refused the access token; connect again with a fresh one.',
      );
      this.#send({ type: 'connectionStateChanged', state: mapped, error });
    } else if (mapped === 'error') {
      const error = new ChatError(
        'network',
        `connect: the Twilio connection failed (${this.#lastError ?? 'unknown error'}); check the network, then connect again.`,
      );
      this.#send({ type: 'connectionStateChanged', state: mapped, error });
    } else {
      this.#send({ type: 'connectionStateChanged', state: mapped });
    }
  }

  connectionError(error: { terminal: boolean; message: string }): void {
    this.#lastError = error.message;
    if (error.terminal && !this.#ready) this.#fail('network', `Twilio connection failed: ${error.message}`);
  }

  tokenAboutToExpire(): void {
    if (!this.#closed) this.#emit({ type: 'tokenAboutToExpire' });
  }

  tokenExpired(): void {
    if (this.#closed) return;
    if (!this.#ready) {
      this.#fail('token_expired', 'the access token expired before Twilio connected; fetch a fresh one');
      return;
    }
    this.#emit({ type: 'tokenExpired' });
  }

  channelAdded(channel: TwilioChannel): void {
    if (!this.isReady || !channel.isMember) return;
    this.channels.set(channel.name, channel);
    if (this.#known.has(channel.name)) return;
    this.#known.add(channel.name);
    void channelSnapshot(channel).then((snapshot) => this.#send({ type: 'channelAdded', channel: snapshot }));
  }

  channelRemoved(channel: TwilioChannel): void {
    if (!this.isReady) return;
    this.channels.delete(channel.name);
    if (this.#known.delete(channel.name)) this.#send({ type: 'channelRemoved', name: channel.name });
  }

  channelUpdated(channel: TwilioChannel, reasons: readonly string[]): void {
    if (!this.isReady || !channel.isMember) return;
    this.channels.set(channel.name, channel);
    if (reasons.some((reason) => HORIZON_REASONS.has(reason))) void this.refreshUnread(channel.name);
    if (reasons.some((reason) => SHOWN_REASONS.has(reason)) && this.#known.has(channel.name)) {
      void channelSnapshot(channel).then((snapshot) =>
        this.#send({ type: 'channelUpdated', channel: snapshot }),
      );
    }
  }

  memberJoined(channel: string, identity: string | null): void {
    if (identity !== null) this.#send({ type: 'memberJoined', channel, identity });
  }

  memberLeft(channel: string, identity: string | null): void {
    if (identity !== null) this.#send({ type: 'memberLeft', channel, identity });
  }

  typingStarted(channel: string, identity: string | null): void {
    if (identity !== null) this.#send({ type: 'typingStarted', channel, identity });
  }

  typingEnded(channel: string, identity: string | null): void {
    if (identity !== null) this.#send({ type: 'typingEnded', channel, identity });
  }

  messageAdded(message: BackendMessage): void {
    if (!this.isReady) return;
    this.#send({ type: 'messageAdded', message });
    // Others' messages change this user's unread count, which Twilio only gives on request.
    // The author's own count moves with its horizon (sendMessage advances it; other tabs'
    // horizon changes arrive as channel updates).
    if (message.author !== this.identity) void this.refreshUnread(message.channel);
  }

  /**
   * Fetches the unread count again and emits readHorizonChanged. Best effort: the count is
   * semi-realtime on Twilio anyway, and a failed refresh is corrected by the next one.
   */
  async refreshUnread(name: string): Promise<void> {
    const seq = (this.#unreadSeq.get(name) ?? 0) + 1;
    this.#unreadSeq.set(name, seq);
    const sdk = this.sdk;
    if (!sdk || !this.isReady) return;
    try {
      const channel = this.channels.get(name) ?? (await sdk.channelByName(name));
      const unreadCount = await unreadCountOf(channel);
      if (this.#unreadSeq.get(name) !== seq) return;
      this.#send({
        type: 'readHorizonChanged',
        channel: name,
        lastReadIndex: channel.lastReadIndex,
        unreadCount,
      });
    } catch {
      // See above: the next message or horizon change refreshes it.
    }
  }

  /** Makes a pending refresh stale (its answer predates a horizon this user just set). */
  invalidateUnread(name: string): void {
    this.#unreadSeq.set(name, (this.#unreadSeq.get(name) ?? 0) + 1);
  }
}

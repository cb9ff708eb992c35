import type { BackendEvent, BackendMessage } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';
import { ChannelWatch } from './ChannelWatch.js';
import { channelSnapshot } from './channelSnapshot.js';
import { failureError } from './failureError.js';
import { mapConnectionState } from './mapConnectionState.js';
import type { TwilioChannel, TwilioFailure, TwilioListener, TwilioSession } from './types.js';
import { unreadCountOf } from './unreadCountOf.js';
import { rosterKey, Waits } from './Waits.js';

/** Horizon-moving update reasons of both SDKs. */
const HORIZON_REASONS = new Set(['lastReadMessageIndex', 'lastConsumedMessageIndex']);
/** How many announced message sids are remembered (enough for the sends and events in flight). */
const ANNOUNCED_KEPT = 500;
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
  /** Calls waiting for the SDK to reflect a membership or horizon change. */
  readonly watch = new ChannelWatch();
  /** Edits waiting for the SDK to show the new body, by message sid. */
  readonly edits = new Waits<BackendMessage>();
  /** Adds and removals waiting for the SDK's roster, by `rosterKey`: true joined, false left. */
  readonly roster = new Waits<boolean>();
  /** The identity of the connected user (set once ready). */
  identity: string | null = null;
  #ready = false;
  /** The SDK said it is initialised; its first listing is being awaited (see `ready`). */
  #listing = false;
  #closed = false;
  readonly #emit: (event: BackendEvent) => void;
  /** Names announced by channelAdded/listChannels, so the SDK's duplicate events emit once. */
  readonly #known = new Set<string>();
  /**
   * Sids of the messages announced lately. A message this connection sent is announced by
   * sendMessage itself: the SDK ignores the Sync event of a message it has already read (the
   * send reads it back), so its own `messageAdded` comes only when the event wins the race.
   */
  readonly #announced = new Set<string>();
  /** Latest unread refresh per channel: an older answer never overwrites a newer one. */
  readonly #unreadSeq = new Map<string, number>();
  /** twilsock's latest `connectionError`: the reason of a failure reported without one. */
  #lastFailure: TwilioFailure | null = null;
  /** twilsock said `denied`; its reason (expired or invalid) comes with the next connectionError. */
  #denied = false;
  #deniedTimer: ReturnType<typeof setTimeout> | undefined;
  /** Called when the SDK leaves `connected` (see `handOverToken`). */
  readonly #offlineWaiters = new Set<() => void>();
  #settle: { resolve: () => void; reject: (error: ChatError) => void } | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** A reasonless init failure, settled if no reason follows (see `failed`). */
  #failTimer: ReturnType<typeof setTimeout> | undefined;
  readonly whenReady: Promise<void>;

  constructor(emit: (event: BackendEvent) => void, timeoutMs: number) {
    this.#emit = emit;
    this.whenReady = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // Callers attach their handler later; an early rejection must not count as unhandled.
    this.whenReady.catch(() => {});
    this.#timer = setTimeout(() => {
      this.#fail(
        new ChatError(
          'network',
          `Twilio did not finish initialising within ${timeoutMs} ms; check the network`,
        ),
      );
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
   * Stops all events and closes the SDK client. An initialised client is shut down; one that
   * never initialised is abandoned: its `shutdown()` would wait for an initialisation that may
   * never come.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    // Initialised (ready, or its first listing in flight): the SDK's shutdown() will not wait.
    const initialised = this.#ready || this.#listing;
    this.#closed = true;
    clearTimeout(this.#deniedTimer);
    this.watch.clear();
    this.edits.clear();
    this.roster.clear();
    this.#wakeOffline();
    this.#fail(
      new ChatError('not_connected', 'the connection was shut down before Twilio finished initialising'),
    );
    const sdk = this.sdk;
    if (!sdk) return;
    try {
      await (initialised ? sdk.shutdown() : sdk.abandon());
    } catch {
      // The client is being discarded; a failure to say goodbye changes nothing for the caller.
    }
  }

  /**
   * Hands a new token to the SDK. The SDK's `updateToken` resolves only once a connection has
   * accepted the token, which never happens while offline: the SDK keeps the token for its next
   * connect, and a refusal then arrives as `denied`/`tokenExpired`. So this resolves when the SDK
   * has answered, or at once when it is not connected (or stops being so meanwhile).
   */
  async handOverToken(sdk: TwilioSession, token: string): Promise<void> {
    const done = sdk.updateToken(token);
    if (sdk.connectionState !== 'connected') {
      done.catch(() => {});
      return;
    }
    let wake = (): void => {};
    const offline = new Promise<void>((resolve) => {
      wake = resolve;
      this.#offlineWaiters.add(resolve);
    });
    try {
      await Promise.race([done, offline]);
    } finally {
      this.#offlineWaiters.delete(wake);
      done.catch(() => {});
    }
  }

  #wakeOffline(): void {
    for (const wake of [...this.#offlineWaiters]) wake();
    this.#offlineWaiters.clear();
  }

  #fail(error: ChatError): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#failTimer);
    const settle = this.#settle;
    this.#settle = null;
    settle?.reject(error);
  }

  #send(event: BackendEvent): void {
    if (this.isReady) this.#emit(event);
  }

  // ---- TwilioListener: what the SDK reports ----

  /**
   * The SDK is initialised. Connect resolves once the channel listing the SDK starts by itself has
   * settled too: the store lists channels next anyway (the same SDK promise), the SDK's
   * `conversationJoined` for each listed channel is not worth a snapshot each, and a shutdown
   * while that listing is in flight makes the SDK log an error and reject it unhandled.
   */
  ready(): void {
    const sdk = this.sdk;
    if (this.#closed || !this.#settle || !sdk || this.#listing) return;
    this.#listing = true;
    void sdk.firstListing().then(() => {
      const settle = this.#settle;
      if (this.#closed || !settle) return;
      clearTimeout(this.#timer);
      this.#ready = true;
      this.#denied = false;
      this.identity = sdk.identity;
      this.#settle = null;
      settle.resolve();
      // The store sets 'connected' when connect resolves; report only a state that differs.
      const state = mapConnectionState(sdk.connectionState, false);
      if (state && state !== 'connected') this.#send({ type: 'connectionStateChanged', state });
    });
  }

  /**
   * Initialisation failed. The SDKs say so when twilsock reports `disconnected`, which comes
   * before the refusal's reason (`tokenExpired`, then `connectionError` with the reply's code,
   * each on a later timer turn): a failure without codes waits for them, and settles on what it
   * has only if none comes (a timer queued now runs after twilsock's).
   */
  failed(reason: TwilioFailure): void {
    if (this.#ready || this.#listing || !this.#settle) return;
    if (reason.errorCode != null || reason.httpStatusCode != null) {
      this.#fail(failureError(reason, 'connect', this.#denied));
      return;
    }
    clearTimeout(this.#failTimer);
    this.#failTimer = setTimeout(() => {
      this.#fail(failureError(this.#lastFailure ?? reason, 'connect', this.#denied));
    }, 0);
  }

  connectionStateChanged(state: string): void {
    if (state !== 'connected') this.#wakeOffline();
    if (state === 'denied') {
      // Why comes next (tokenExpired, connectionError); before ready, the connect promise says it.
      this.#denied = true;
      if (this.#ready) {
        clearTimeout(this.#deniedTimer);
        // twilsock queues its connectionError on a timer before this state's; this one runs after it.
        this.#deniedTimer = setTimeout(() => this.#reportDenied(null), 0);
      }
      return;
    }
    this.#denied = false;
    if (!this.#ready) return;
    const mapped = mapConnectionState(state, this.#closed);
    if (mapped) this.#send({ type: 'connectionStateChanged', state: mapped });
  }

  #reportDenied(failure: TwilioFailure | null): void {
    clearTimeout(this.#deniedTimer);
    this.#deniedTimer = undefined;
    const error = failureError(failure ?? this.#lastFailure, 'reconnect', true);
    this.#send({ type: 'connectionStateChanged', state: 'denied', error });
  }

  connectionError(error: TwilioFailure): void {
    this.#lastFailure = error;
    if (!this.#ready) {
      if (this.#listing) return;
      if (error.terminal) this.#fail(failureError(error, 'connect', this.#denied));
      return;
    }
    if (this.#denied && this.#deniedTimer !== undefined) this.#reportDenied(error);
  }

  tokenAboutToExpire(): void {
    if (!this.#closed) this.#emit({ type: 'tokenAboutToExpire' });
  }

  tokenExpired(): void {
    if (this.#closed) return;
    if (!this.#ready) {
      this.#fail(failureError({ message: 'token expired', errorCode: 20104 }, 'connect', true));
      return;
    }
    this.#emit({ type: 'tokenExpired' });
  }

  channelAdded(channel: TwilioChannel): void {
    if (!this.isReady || !channel.isMember) return;
    this.channels.set(channel.name, channel);
    this.#changed(channel);
    if (this.#known.has(channel.name)) return;
    this.#known.add(channel.name);
    void channelSnapshot(channel, this.identity).then((snapshot) =>
      this.#send({ type: 'channelAdded', channel: snapshot }),
    );
  }

  channelRemoved(channel: TwilioChannel): void {
    if (!this.isReady) return;
    this.channels.delete(channel.name);
    this.#changed(channel);
    if (this.#known.delete(channel.name)) this.#send({ type: 'channelRemoved', name: channel.name });
  }

  channelUpdated(channel: TwilioChannel, reasons: readonly string[]): void {
    if (!this.isReady) return;
    this.#changed(channel);
    if (!channel.isMember) return;
    this.channels.set(channel.name, channel);
    if (reasons.some((reason) => HORIZON_REASONS.has(reason))) void this.refreshUnread(channel.name);
    if (reasons.some((reason) => SHOWN_REASONS.has(reason)) && this.#known.has(channel.name)) {
      void channelSnapshot(channel, this.identity).then((snapshot) =>
        this.#send({ type: 'channelUpdated', channel: snapshot }),
      );
    }
  }

  /**
   * Settles the calls waiting for this channel. A join or create of this connection returns the
   * channel itself, so the SDK's event that confirms it must not announce it a second time.
   */
  #changed(channel: TwilioChannel): void {
    if (channel.isMember && this.watch.awaited(channel.sid)) this.#known.add(channel.name);
    this.watch.changed(channel.sid);
  }

  memberJoined(channel: string, identity: string | null): void {
    if (identity === null) return;
    this.roster.notify(rosterKey(channel, identity), true);
    this.#send({ type: 'memberJoined', channel, identity });
  }

  memberLeft(channel: string, identity: string | null): void {
    if (identity === null) return;
    this.roster.notify(rosterKey(channel, identity), false);
    this.#send({ type: 'memberLeft', channel, identity });
  }

  typingStarted(channel: string, identity: string | null): void {
    if (identity !== null) this.#send({ type: 'typingStarted', channel, identity });
  }

  typingEnded(channel: string, identity: string | null): void {
    if (identity !== null) this.#send({ type: 'typingEnded', channel, identity });
  }

  messageAdded(message: BackendMessage): void {
    if (!this.isReady || this.#announced.has(message.sid)) return;
    this.#announced.add(message.sid);
    if (this.#announced.size > ANNOUNCED_KEPT) {
      for (const sid of this.#announced) {
        this.#announced.delete(sid);
        break;
      }
    }
    this.#send({ type: 'messageAdded', message });
    // Others' messages change this user's unread count, which Twilio only gives on request.
    // The author's own count moves with its horizon (sendMessage advances it; other tabs'
    // horizon changes arrive as channel updates).
    if (message.author !== this.identity) void this.refreshUnread(message.channel);
  }

  messageUpdated(message: BackendMessage): void {
    if (!this.isReady) return;
    this.edits.notify(message.sid, message);
    this.#send({ type: 'messageUpdated', message });
  }

  /**
   * A message was deleted. The event carries the channel's newest message now, which the SDKs do
   * not give with it: it is read first (a failed read reports none; the next message sets it).
   * Another's message deleted may have been unread: the count is fetched again.
   */
  messageRemoved(message: BackendMessage): void {
    const sdk = this.sdk;
    if (!sdk || !this.isReady) return;
    const name = message.channel;
    void (async () => {
      let lastMessage: BackendMessage | null = null;
      try {
        const channel = this.channels.get(name) ?? (await sdk.channelByName(name));
        lastMessage = (await channel.messages(1, undefined, 'backwards')).items.at(-1) ?? null;
      } catch {
        // See above.
      }
      const { index, sid, author } = message;
      this.#send({ type: 'messageRemoved', channel: name, index, sid, author, lastMessage });
      if (author !== this.identity) void this.refreshUnread(name);
    })();
  }

  memberHorizonChanged(channel: string, identity: string | null, lastReadIndex: number | null): void {
    if (identity === null || identity === this.identity) return;
    this.#send({ type: 'memberHorizonChanged', channel, identity, lastReadIndex });
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

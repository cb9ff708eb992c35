import type { BackendMessage, OutgoingFile } from '../../core/backend.js';

/**
 * What the shared Twilio backend needs from either SDK. `twilioConversations.ts` and `twilioChat.ts`
 * each wrap their SDK's objects into these shapes, so every trap is handled once, in
 * `createTwilioBackend.ts`, for both SDKs.
 */

/** One page of an SDK paginator (`hasNextPage`/`nextPage()` walk forward; backwards queries swap them). */
export interface TwilioPage<T> {
  items: T[];
  hasNextPage: boolean;
  hasPrevPage: boolean;
  nextPage(): Promise<TwilioPage<T>>;
}

/** A Conversation (Conversations) or Channel (twilio-chat), normalized. */
export interface TwilioChannel {
  readonly sid: string;
  /** Unique name; the SID for channels created without one by other tools. */
  readonly name: string;
  readonly friendlyName: string | null;
  readonly attributes: Record<string, unknown>;
  /** Whether the SDK marks the channel private (twilio-chat `isPrivate`); attributes win. */
  readonly sdkPrivate: boolean;
  /** True when the user is a member (participant). */
  readonly isMember: boolean;
  /** The user's read horizon; null until one is set. */
  readonly lastReadIndex: number | null;
  /** Identity of the creator, when the SDK reports it. */
  readonly createdBy: string | null;
  join(): Promise<void>;
  leave(): Promise<void>;
  add(identity: string): Promise<void>;
  /** The members with their read horizons (null: nothing read). */
  members(): Promise<TwilioMember[]>;
  /** Removes another member (the SDK's remove by identity). */
  remove(identity: string): Promise<void>;
  /** Sets the friendly name and/or the attributes (each its own SDK call). */
  update(changes: { friendlyName?: string; attributes?: Record<string, unknown> }): Promise<void>;
  /** The SDK's message at `index`, to edit or delete; null when the channel has none there. */
  messageAt(index: number): Promise<TwilioStoredMessage | null>;
  /** Messages, items sorted by index ascending. */
  messages(
    pageSize: number,
    anchor: number | undefined,
    direction: 'backwards' | 'forward',
  ): Promise<TwilioPage<BackendMessage>>;
  /** Unread count as Twilio computes it; null while no read horizon is set. */
  unreadCount(): Promise<number | null>;
  messagesCount(): Promise<number>;
  /** Sets the horizon (null: unset); resolves with the unread count Twilio reports. */
  setLastReadIndex(index: number | null): Promise<number | null>;
  /** Moves the horizon forward only. */
  advanceLastReadIndex(index: number): Promise<void>;
  typing(): Promise<void>;
  /** Sends; resolves with the new message's index when the SDK reports it. */
  send(message: TwilioOutgoing): Promise<number | null>;
}

/** A member and its read horizon. */
export interface TwilioMember {
  identity: string;
  lastReadIndex: number | null;
}

/** A stored message the user may change: what it is now, and the SDK's calls on it. */
export interface TwilioStoredMessage {
  readonly message: BackendMessage;
  updateBody(body: string): Promise<void>;
  remove(): Promise<void>;
}

/** What `TwilioChannel.send` gets: the clientId travels in `attributes`. */
export interface TwilioOutgoing {
  body: string;
  attributes: Record<string, string>;
  file: OutgoingFile | null;
}

/** Input of `TwilioSession.createChannel`. */
export interface TwilioCreateInput {
  name: string;
  friendlyName: string;
  attributes: Record<string, string>;
  isPrivate: boolean;
}

/** An open SDK client. */
export interface TwilioSession {
  /** The identity the token carries (read once the client is ready). */
  readonly identity: string;
  /** The SDK's current connection state. */
  readonly connectionState: string;
  /** The SDK's `shutdown()`: it first waits for initialisation, so only a ready client calls it. */
  shutdown(): Promise<void>;
  /**
   * Closes the socket of a client that never became ready. The SDK's `shutdown()` waits for an
   * initialisation that may never come (a socket that accepts and never answers), which would
   * keep the socket, its retries and the process alive.
   */
  abandon(): Promise<void>;
  /**
   * Resolves once the channel listing the SDK starts by itself at initialisation has settled. Its
   * promise is otherwise awaited by nobody: a shutdown while it is in flight would reject it
   * unhandled (called at ready, so that it has a handler).
   */
  firstListing(): Promise<void>;
  updateToken(token: string): Promise<void>;
  /** Every channel the user is subscribed to, all pages walked. */
  subscribedChannels(): Promise<TwilioChannel[]>;
  /** Rejects (SDK error) when no such channel is visible. */
  channelByName(name: string): Promise<TwilioChannel>;
  createChannel(input: TwilioCreateInput): Promise<TwilioChannel>;
}

/**
 * Why twilsock failed: its `connectionError` (with the reply's HTTP status and Twilio error code
 * when the service refused), or the reason an SDK's `initFailed` carries.
 */
export interface TwilioFailure {
  message: string;
  terminal?: boolean;
  httpStatusCode?: number | null;
  errorCode?: number | null;
}

/** How an SDK client tells the shared backend what happened. */
export interface TwilioListener {
  ready(): void;
  /** Initialisation failed; `reason` may carry no codes (twilio-chat's `stateChanged('failed')`). */
  failed(reason: TwilioFailure): void;
  connectionStateChanged(state: string): void;
  connectionError(error: TwilioFailure): void;
  tokenAboutToExpire(): void;
  tokenExpired(): void;
  channelAdded(channel: TwilioChannel): void;
  channelRemoved(channel: TwilioChannel): void;
  channelUpdated(channel: TwilioChannel, reasons: readonly string[]): void;
  memberJoined(channel: string, identity: string | null): void;
  memberLeft(channel: string, identity: string | null): void;
  typingStarted(channel: string, identity: string | null): void;
  typingEnded(channel: string, identity: string | null): void;
  messageAdded(message: BackendMessage): void;
  /** A message's body changed (an edit): as it is now. */
  messageUpdated(message: BackendMessage): void;
  /** A message was deleted (the SDKs report only those they held). */
  messageRemoved(message: BackendMessage): void;
  /** A member's read horizon moved (a read receipt). */
  memberHorizonChanged(channel: string, identity: string | null, lastReadIndex: number | null): void;
}

/** One SDK, as the shared backend drives it. */
export interface TwilioDriver {
  /** `ChatBackend.kind`. */
  readonly kind: string;
  /** Loads the SDK, constructs the client with `new Client(token)` and subscribes `listener`. */
  open(token: string, listener: TwilioListener): Promise<TwilioSession>;
}

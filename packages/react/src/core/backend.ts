import type { ChatError } from './errors.js';
import type { ConnectionState } from './types.js';

/**
 * The one interface the store talks to. Each backend (local server, Twilio Conversations,
 * twilio-chat) is one file in `src/backends/` implementing it; the store knows nothing else.
 *
 * Rules every implementation follows (the contract suite checks them):
 * - Every rejected promise carries a `ChatError` (wrap SDK errors with `ChatError.from`).
 * - Channels are addressed by their unique name; messages by `sid`, and by `clientId` for dedupe.
 * - A backend instance is reusable: `connect` may be called again after `shutdown` (another user).
 * - Calls made before `connect` resolves, or after `shutdown`, reject with `not_connected`;
 *   they never reach an SDK that is not ready.
 * - Events are delivered through the `emit` function given to `connect`, never after `shutdown`.
 */
export interface ChatBackend {
  /** Short name used in error messages and devtools: 'local', 'twilio-conversations', 'twilio-chat'. */
  readonly kind: string;

  /**
   * True when the service announces typing once and always ends it with `typingEnded` while the
   * connection lives (the local server). Otherwise (Twilio, whose SDKs repeat `typingStarted` while
   * someone types) the store ends an indicator no `typingStarted` renewed within 6 s, so a lost
   * `typingEnded` never leaves it on screen. Either way, the store clears typing when the connection drops.
   */
  readonly typingEndsReliably?: boolean;

  /**
   * Opens a connection authenticated by `token` (a Twilio-format access token).
   * Resolves once the backend is ready for calls, with the identity the token carries.
   * Rejects with `token_invalid`/`token_expired` when the token is refused, `network` when
   * the service cannot be reached. After it resolves, the backend reconnects on its own after
   * network drops (emitting `connectionStateChanged`) until `shutdown`.
   */
  connect(token: string, emit: (event: BackendEvent) => void): Promise<{ identity: string }>;

  /** Replaces the token of the open connection (after `tokenAboutToExpire` or `tokenExpired`). */
  updateToken(token: string): Promise<void>;

  /** Closes the connection and releases every socket and timer. Safe to call twice. */
  shutdown(): Promise<void>;

  /** Every channel the user is a member of (all pages), with unread counts and last messages. */
  listChannels(): Promise<BackendChannel[]>;

  /** A channel visible to the user (a member's channel or any group channel), or null. */
  getChannel(name: string): Promise<BackendChannel | null>;

  /**
   * Creates a channel and joins it; for `private`, also adds `members` (the peer).
   * Rejects with `channel_exists` when the unique name is taken.
   */
  createChannel(input: CreateChannelInput): Promise<BackendChannel>;

  /** Joins a group channel (no-op when already a member); sets the read horizon to the newest message. */
  joinChannel(name: string): Promise<BackendChannel>;

  /** Leaves a channel. */
  leaveChannel(name: string): Promise<void>;

  /** Adds another identity to a channel the user belongs to (Twilio `add(identity)`). */
  addMember(name: string, identity: string): Promise<void>;

  /**
   * Sends a message. Sending the same `clientId` again must not store a second message
   * where the backend can prevent it (the local server guarantees it; Twilio adapters
   * look for the clientId in recent messages before resending).
   */
  sendMessage(name: string, message: OutgoingMessage): Promise<BackendMessage>;

  /** A page of history: messages with index <= `anchor` (newest page when omitted), oldest first. */
  getMessages(name: string, query: { pageSize: number; anchor?: number }): Promise<HistoryPage>;

  /** Every message with index > `index`, oldest first (resync after a reconnect). */
  getMessagesAfter(name: string, index: number): Promise<BackendMessage[]>;

  /**
   * Moves this user's read horizon to `index` (the index of the last read message).
   * Resolves with the unread count the backend computes afterwards.
   */
  setReadHorizon(name: string, index: number): Promise<{ unreadCount: number }>;

  /**
   * Signals that the user is typing in the channel. Fire and forget. The store already throttles
   * these (one per channel per 2 s, started over by a send), so a backend sends every call it gets.
   */
  typing(name: string): void;
}

/** A file attached to a message, as the backend stores it. */
export interface BackendMedia {
  sid: string;
  filename: string;
  contentType: string;
  size: number;
  /** Resolves a URL the browser can load (Twilio: a temporary URL; local: a signed URL). */
  url: () => Promise<string>;
}

/** A stored message. */
export interface BackendMessage {
  sid: string;
  /** Position in the channel. Twilio indexes may have gaps; never count with them. */
  index: number;
  /** Unique name of the channel. */
  channel: string;
  /** The id the sending client generated (null when sent by a tool that sets none). */
  clientId: string | null;
  author: string;
  body: string;
  media: BackendMedia | null;
  dateCreated: Date;
}

/** A channel as the backend reports it. */
export interface BackendChannel {
  sid: string;
  /** Unique name. */
  name: string;
  type: 'private' | 'group';
  friendlyName: string;
  description: string;
  /** Identities of the members. */
  members: string[];
  lastMessage: BackendMessage | null;
  /** Index of the last message this user has read; null until a horizon is set or when not a member. */
  lastReadIndex: number | null;
  /** Messages after the horizon, as the backend counts them; null until a horizon is set. */
  unreadCount: number | null;
}

/** Input of {@link ChatBackend.createChannel}. */
export interface CreateChannelInput {
  name: string;
  type: 'private' | 'group';
  friendlyName: string;
  description: string;
  /** Identities to add besides the creator (the peer of a private channel). */
  members: string[];
}

/** A file to send: what the store extracts from the `file` field of a FormData. */
export interface OutgoingFile {
  data: Blob;
  filename: string;
  contentType: string;
}

/** A message to send. */
export interface OutgoingMessage {
  /** Client-generated id; resending the same id must not store a second message. */
  clientId: string;
  /** Text; may be empty when `file` is set. */
  body: string;
  file: OutgoingFile | null;
}

/** One page of history. */
export interface HistoryPage {
  /** Oldest first. */
  messages: BackendMessage[];
  /** True when messages older than the first one of this page exist. */
  hasOlder: boolean;
}

/** Everything a backend pushes to the store. */
export type BackendEvent =
  | {
      type: 'connectionStateChanged';
      state: ConnectionState;
      /** Why, for `denied` and `error`. */
      error?: ChatError;
    }
  | { type: 'tokenAboutToExpire' }
  | { type: 'tokenExpired' }
  | { type: 'channelAdded'; channel: BackendChannel }
  | { type: 'channelUpdated'; channel: BackendChannel }
  | { type: 'channelRemoved'; name: string }
  | { type: 'memberJoined'; channel: string; identity: string }
  | { type: 'memberLeft'; channel: string; identity: string }
  | { type: 'messageAdded'; message: BackendMessage }
  | { type: 'typingStarted'; channel: string; identity: string }
  | { type: 'typingEnded'; channel: string; identity: string }
  | {
      type: 'readHorizonChanged';
      channel: string;
      lastReadIndex: number | null;
      unreadCount: number | null;
    };

/**
 * What `<ChatProvider backend>` and `createChatStore({ backend })` accept: a backend, or a
 * function that loads one lazily (how the default Twilio Conversations backend stays out of
 * bundles that never use it).
 */
export type BackendInput = ChatBackend | (() => Promise<ChatBackend>);

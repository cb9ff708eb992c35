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

  /**
   * Adds another identity to a channel the user belongs to (Twilio `add(identity)`). Idempotent.
   * The added user gets `channelAdded` at once; the members `memberJoined`.
   */
  addMember(name: string, identity: string): Promise<void>;

  /**
   * Removes another member from a group channel the user created. Rejects with `forbidden` when the
   * user is not its creator (`createdBy`) and in a private channel, `invalid_argument` for the user
   * themselves (that is `leaveChannel`). The removed user gets `channelRemoved` at once and can no
   * longer read the channel; the members get `memberLeft`. Removing a non-member resolves and changes
   * nothing.
   */
  removeMember(name: string, identity: string): Promise<void>;

  /**
   * Renames a channel and/or changes its description (any member; at least one of the two, with the
   * limits of creation: a `friendlyName` of 1–256 characters, not blank, a `description` of at most
   * 4096). Resolves with the channel as it is now; every member gets `channelUpdated`.
   */
  updateChannel(name: string, changes: ChannelChanges): Promise<BackendChannel>;

  /**
   * Sends a message. Sending the same `clientId` again must not store a second message
   * where the backend can prevent it (the local server guarantees it; Twilio adapters
   * look for the clientId in recent messages before resending).
   */
  sendMessage(name: string, message: OutgoingMessage): Promise<BackendMessage>;

  /**
   * Replaces the body of the message at `index`, which the user wrote (`forbidden` otherwise;
   * `invalid_argument` for a deleted or unknown index). The body follows the rules of sending: at
   * most 32 KiB of UTF-8, empty only when the message has a file. Resolves with the message as
   * stored, `editedAt` set; every member gets `messageUpdated`.
   */
  editMessage(name: string, index: number, body: string): Promise<BackendMessage>;

  /**
   * Deletes the message at `index`, which the user wrote (`forbidden` otherwise). Its index is never
   * used again: indexes have a gap there for good. Every member gets `messageRemoved`.
   */
  deleteMessage(name: string, index: number): Promise<void>;

  /**
   * A page of history: messages with index <= `anchor` (newest page when omitted), oldest first.
   * `hasOlder` says whether a message older than the first one exists: deleted messages leave gaps,
   * so it is never inferred from an index.
   */
  getMessages(name: string, query: { pageSize: number; anchor?: number }): Promise<HistoryPage>;

  /** Every message with index > `index`, oldest first (resync after a reconnect). */
  getMessagesAfter(name: string, index: number): Promise<BackendMessage[]>;

  /**
   * What changed among the messages with an index in [`from`..`to`] since the channel's version
   * `since`: how the store brings the messages it holds up to date after a reconnect, edits and
   * deletions included (new messages after `to` it fetches with `getMessagesAfter`).
   *
   * `since` is a `version` the backend gave (`BackendChannel.version`, or a message event's) and
   * the store applied everything up to; null when the store has none. A backend that can tell what
   * changed after a version (the local server: `getChanges` after a change number) answers those
   * messages as they are now and the indexes deleted since, `complete: false`. A backend that
   * cannot (or given null) re-reads the range and answers every message it has in it,
   * `complete: true`: the store then drops what it holds in the range that is not in the answer.
   * Either way the answer may hold messages outside the range (they are ignored), and a message
   * sent meanwhile may show up here as well as in an event.
   */
  getChanges(name: string, query: ChangesQuery): Promise<ChangesPage>;

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
  /**
   * Position in the channel. Indexes have gaps (a deleted message's is never reused; Twilio's may
   * skip): never count with them.
   */
  index: number;
  /** Unique name of the channel. */
  channel: string;
  /** The id the sending client generated (null when sent by a tool that sets none). */
  clientId: string | null;
  author: string;
  body: string;
  media: BackendMedia | null;
  dateCreated: Date;
  /** When the author last edited the body; null or absent when never edited. */
  editedAt?: Date | null;
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
  /**
   * Messages after the horizon that are not the user's own (nor deleted), as the backend counts
   * them; null until a horizon is set.
   */
  unreadCount: number | null;
  /** Identity of the creator (a group's admin). Absent: the store shows ''. */
  createdBy?: string;
  /**
   * Every member's read horizon by identity (null or absent: nothing read): read receipts. Empty
   * or absent where the backend does not know them, or for a channel the user is not a member of.
   */
  lastReadIndexes?: Record<string, number | null>;
  /**
   * A token that changes whenever a message of the channel is sent, edited or deleted (the local
   * server: its change number). The store compares the one it saw before a reconnect with the one
   * listed after it to skip channels where nothing changed, and passes it to `getChanges`.
   * Absent: the backend has none, and the store treats every channel as possibly changed.
   */
  version?: string;
}

/** Input of {@link ChatBackend.updateChannel}: what to change (at least one). */
export interface ChannelChanges {
  friendlyName?: string;
  description?: string;
}

/** Input of {@link ChatBackend.getChanges}. */
export interface ChangesQuery {
  /** The lowest and highest index the store holds messages for (its loaded run). */
  from: number;
  to: number;
  /** The channel's version the store last applied, or null. */
  since: string | null;
}

/** Answer of {@link ChatBackend.getChanges}. */
export interface ChangesPage {
  /** Messages sent or edited since `since` (or, `complete`, every message of the range), as they are now. */
  messages: BackendMessage[];
  /** Indexes deleted since `since` (with `complete`, implied by their absence from `messages`). */
  deleted: number[];
  /** True when `messages` is everything the backend has in the range: any other index there is gone. */
  complete: boolean;
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
  /** The channel's metadata changed (`updateChannel`): the channel as the user sees it now. */
  | { type: 'channelUpdated'; channel: BackendChannel }
  /** The user is no longer a member: they left, or the creator removed them. */
  | { type: 'channelRemoved'; name: string }
  /** `lastReadIndex`: the newcomer's read horizon, when the backend knows it. */
  | { type: 'memberJoined'; channel: string; identity: string; lastReadIndex?: number | null }
  | { type: 'memberLeft'; channel: string; identity: string }
  /**
   * A message was stored. The store counts it as read by its author (their horizon in
   * `lastReadIndexes` moves up to it), so backends send no `memberHorizonChanged` for that.
   * `version`: the channel's version after it (see `BackendChannel.version`), when the backend has one.
   */
  | { type: 'messageAdded'; message: BackendMessage; version?: string }
  /** A message was edited: as it is now (`editedAt` set). */
  | { type: 'messageUpdated'; message: BackendMessage; version?: string }
  /**
   * The message at `index` was deleted. `lastMessage`: the channel's newest message now (the same
   * as before unless the deleted one was it). `author` is the deleted message's (a deletion of
   * another's message above the horizon lowers the unread count).
   */
  | {
      type: 'messageRemoved';
      channel: string;
      index: number;
      sid: string;
      author: string;
      lastMessage: BackendMessage | null;
      version?: string;
    }
  /** Another member's read horizon moved: a read receipt. */
  | { type: 'memberHorizonChanged'; channel: string; identity: string; lastReadIndex: number | null }
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

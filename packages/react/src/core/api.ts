import type { BackendInput } from './backend.js';
import type { ChatError } from './errors.js';
import type { Channel, ConnectionState, Message } from './types.js';

/**
 * The state half of the chat API (the README's "State" section, packages/react/README.md). Every field
 * is immutable: a change replaces it.
 */
export interface ChatState {
  /** Identity given to `connect`; null while disconnected. */
  user: string | null;
  connectionState: ConnectionState;
  /** The last error the UI should show (a failed background load, an unrecoverable token, …). */
  error: ChatError | null;
  /** Every channel the user belongs to, keyed by unique name. */
  channels: Record<string, Channel>;
  /** 1:1 channels, newest activity first. Keeps its identity while its content is unchanged. */
  privateChannels: Channel[];
  /** Group channels, newest activity first. Keeps its identity while its content is unchanged. */
  groupChannels: Channel[];
  /** The open channel, or null. */
  currentChannel: Channel | null;
  /** Messages of the open channel, oldest first (pending ones last, in send order). */
  messages: Message[];
  /** Sum of `unreadCount` over `channels`. */
  totalUnread: number;
  /** Identities typing now, per channel name (only channels where someone types have a key). */
  typing: Record<string, string[]>;
}

/**
 * The methods half of the chat API (the README's "Methods" section, packages/react/README.md). Every
 * method is stable across renders.
 */
export interface ChatMethods {
  /**
   * Authenticates and connects. `getToken` is called again whenever the token is about to expire or
   * has expired; the latest function passed is the one used, so an inline arrow does not reconnect.
   * Idempotent for the same user (React StrictMode mounts twice); a different user disconnects the first.
   */
  connect(getToken: () => Promise<string>, user: string): Promise<void>;
  /** Shuts the connection down, leaves no timers or sockets, and clears the user's state. */
  disconnect(): Promise<void>;
  /** Creates a group channel with that unique name and joins it. */
  createGroupChannel(name: string, description?: string): Promise<Channel>;
  /**
   * Opens the 1:1 channel with `peer` (named by both identities sorted, joined by '#'), or returns the
   * existing one, making sure `peer` is a member: `peer` sees it appear at once.
   */
  createPrivateChannel(peer: string, description?: string): Promise<Channel>;
  /** Joins an existing group channel and makes it current. */
  joinChannel(name: string): Promise<Channel>;
  /**
   * Opens a channel the user belongs to (null closes it): its newest messages load and its unread
   * count goes to 0. Throws a `channel_not_found` ChatError at once for an unknown name.
   */
  setCurrentChannel(name: string | null): void;
  /** Leaves a channel; it disappears from `channels`. */
  leaveChannel(name: string): Promise<void>;
  /** Loads the page of messages with index ≤ `anchor` (the newest page when omitted) and merges it. */
  getMessages(name: string, pageSize?: number, anchor?: number): Promise<Message[]>;
  /**
   * Sends text, or a FormData whose `file` field is a Blob/File (an optional `body` or `message` text
   * field goes with it). Shows at once as `pending`, then `sent` (same `id`) or `failed`.
   */
  sendMessage(name: string, message: string | FormData): Promise<Message>;
  /** Resends a failed message with the same client id, so the server stores it once. */
  retryMessage(id: string): Promise<Message>;
  /** Moves the read horizon to the newest message of the channel. */
  markRead(name: string): Promise<void>;
  /** Signals that the user is typing; peers see it in `typing[name]`. */
  setTyping(name: string): void;
  /**
   * Adds `identity` to a channel the user belongs to (any member may): they see it appear at once,
   * with the history unread. On Twilio Conversations this is the only way into a group. Idempotent.
   */
  addMember(name: string, identity: string): Promise<void>;
  /**
   * Removes `identity` from a group the user created: they lose the channel at once and can no
   * longer read it. `forbidden` for anyone but the creator (`Channel.createdBy`) and in private
   * channels; `invalid_argument` for the user themselves (`leaveChannel`).
   */
  removeMember(name: string, identity: string): Promise<void>;
  /**
   * Renames a channel and/or changes its description (any member): every member sees it. A
   * `friendlyName` of 1–256 characters, not blank; a `description` of at most 4096. Resolves with
   * the channel as it is now.
   */
  updateChannel(name: string, changes: { friendlyName?: string; description?: string }): Promise<Channel>;
  /**
   * Replaces the text of a sent message the user wrote (`id` as in `messages`): everyone sees the new
   * body and `editedAt`. `forbidden` for another's message; the body follows the rules of sending.
   * Resolves with the message as it is now.
   */
  editMessage(id: string, body: string): Promise<Message>;
  /**
   * Deletes a sent message the user wrote: it disappears for everyone, and `lastMessage` and unread
   * counts follow. `forbidden` for another's message. Its index is never reused (indexes have gaps).
   */
  deleteMessage(id: string): Promise<void>;
}

/**
 * The misspelled names of the project's original description (`createPrivatChannel`, `getMessage`,
 * `currentChanel`, `privatChannels`), kept working as deprecated aliases of the correctly spelled
 * ones: the "seed alias" column of the README's API tables. Defined once, in `core/apiObject.ts`.
 */
export interface MisspelledAliases {
  /** @deprecated Seed alias of {@link ChatMethods.createPrivateChannel}. */
  createPrivatChannel: ChatMethods['createPrivateChannel'];
  /** @deprecated Seed alias of {@link ChatMethods.getMessages}. */
  getMessage: ChatMethods['getMessages'];
  /** @deprecated Seed alias of {@link ChatState.currentChannel}. */
  currentChanel: Channel | null;
  /** @deprecated Seed alias of {@link ChatState.privateChannels}. */
  privatChannels: Channel[];
}

/** What `useChat()` returns, `store.getState()` returns, and `chatConnect` injects as props. */
export type ChatApi = ChatState & ChatMethods & MisspelledAliases;

/** @deprecated Renamed {@link MisspelledAliases} (the same type): what "seed" meant was never said. */
export type SeedAliases = MisspelledAliases;

/** Props that `chatConnect` injects: the whole chat API. */
export type ChatProps = ChatApi;

/** A headless chat store: `getState()` is always up to date; listeners are batched. */
export interface ChatStore {
  /** The current API object; the same object is returned until something changes. */
  getState(): ChatApi;
  /**
   * Calls `listener` after changes, at most once per `batchMs` window. Returns the unsubscribe function.
   */
  subscribe(listener: () => void): () => void;
  /** The state before any connection: what `useChat` renders on the server. */
  getInitialState(): ChatApi;
}

/** Retry policy for `getToken` and the first connection. */
export interface RetryOptions {
  /** Attempts before giving up (default 5). */
  attempts?: number;
  /** First backoff delay in ms, doubled per attempt, with jitter (default 500). */
  baseDelayMs?: number;
  /** Longest backoff delay in ms (default 10,000). */
  maxDelayMs?: number;
  /** How long one `getToken` call may take before it counts as failed, in ms (default 15,000). */
  timeoutMs?: number;
}

/** Options of {@link createChatStore}. */
export interface CreateChatStoreOptions {
  /** Where chat lives: a backend, or a function that loads one (called once, on the first `connect`). */
  backend: BackendInput;
  /**
   * Listeners are called at most once per this many milliseconds (default 16, one frame), so a burst of
   * 1,000 incoming messages causes a handful of React commits. `0` notifies in a microtask.
   */
  batchMs?: number;
  /** Retry policy for `getToken` and the first connection. */
  retry?: RetryOptions;
  /** Attempts of one message send across reconnects before it is marked `failed` (default 5). */
  sendAttempts?: number;
}

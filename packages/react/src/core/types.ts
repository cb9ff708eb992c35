import type { ChatError } from './errors.js';

/** The store's connection state; backends map their own states onto these. */
export type ConnectionState =
  | 'disconnected'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'denied'
  | 'error';

/** A file attached to a message. `url()` resolves a (possibly short-lived) URL to download it. */
export interface MessageMedia {
  filename: string;
  contentType: string;
  size: number;
  url: () => Promise<string>;
}

/** One chat message as the UI sees it. */
export interface Message {
  /** Stable: the client id while pending, kept after the server acknowledges it. */
  id: string;
  /** Backend id once stored. */
  sid: string | null;
  /** Position in the channel once stored. */
  index: number | null;
  /** Unique name of the channel. */
  channel: string;
  author: string;
  body: string;
  media: MessageMedia | null;
  dateCreated: Date;
  status: 'pending' | 'sent' | 'failed';
  error: ChatError | null;
  /** When the author last edited the body (`editMessage`); null when never edited. */
  editedAt: Date | null;
}

/** One channel the user belongs to. */
export interface Channel {
  /** Unique name; private: the two identities sorted, joined by '#'. */
  name: string;
  /** Backend id. */
  sid: string;
  type: 'private' | 'group';
  friendlyName: string;
  description: string;
  /** Identities of the members. */
  members: string[];
  /** Messages after this user's read horizon; 0 for the open channel. */
  unreadCount: number;
  lastMessage: Message | null;
  /** True while older pages of history may exist that are not loaded. */
  hasOlderMessages: boolean;
  /** Identity of the creator: a group's admin, the only member who may `removeMember` ('' when the backend does not say). */
  createdBy: string;
  /**
   * Each member's read horizon: the index of the newest message they have read, null when none.
   * Live: it follows every member's reading (read receipts; see `readBy`). A member's own message
   * counts as read by them.
   */
  lastReadIndexes: Record<string, number | null>;
}

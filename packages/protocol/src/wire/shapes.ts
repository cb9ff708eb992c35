// What the local chat protocol carries (README of @chat/local-server, "Shapes"). Types only: the
// server builds these from its rows, the client maps them onto its own types.

/** An uploaded file, as a message refers to it. */
export interface WireMedia {
  /** `ME` + 32 hex digits. */
  sid: string;
  /** Stored as data, never used as a path. */
  filename: string;
  /** Without parameters (`text/plain`, not `text/plain; charset=utf-8`). */
  contentType: string;
  /** Bytes. */
  size: number;
}

/** A stored message. */
export interface WireMessage {
  /** `IM` + 32 hex digits. */
  sid: string;
  /** Position in its channel: from 0, one more per message, no gaps. */
  index: number;
  /** Unique name of the channel. */
  channel: string;
  /** The id the sending client chose (the key that makes a resend exactly-once); null when none. */
  clientId: string | null;
  /** Identity of the sender, from its token. */
  author: string;
  body: string;
  attributes: Record<string, unknown>;
  media: WireMedia | null;
  /** Milliseconds since the epoch, server clock. */
  dateCreated: number;
}

/** A channel as one user sees it: the horizon and unread count are that user's. */
export interface WireChannel {
  /** `CH` + 32 hex digits. */
  sid: string;
  /** Unique name: a group's own, or a private channel's two identities sorted and joined by `#`. */
  name: string;
  type: 'group' | 'private';
  friendlyName: string;
  description: string;
  attributes: Record<string, unknown>;
  createdBy: string;
  /** Milliseconds since the epoch. */
  dateCreated: number;
  /** Identities of the members. */
  members: string[];
  lastMessage: WireMessage | null;
  /** Index of the last message this user has read (-1: none); null when not a member. */
  lastReadIndex: number | null;
  /** Messages with an index above `lastReadIndex`; null when not a member. */
  unreadCount: number | null;
}

/** One page of a channel listing; `next` is the `after` of the following page, null at the end. */
export interface WireChannelPage {
  channels: WireChannel[];
  next: string | null;
}

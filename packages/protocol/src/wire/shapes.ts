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
  /**
   * Position in its channel: from 0, one more per message sent. A deleted message's index is never
   * used again, so a channel's indexes have gaps where messages were deleted.
   */
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
  /** When its author last edited the body (ms since the epoch); null when never edited. */
  editedAt: number | null;
  /**
   * The channel's change sequence number at this message's last change (sent or edited): see
   * {@link WireChannel.changeSeq}. In a channel without edits or deletions it is `index + 1`.
   */
  changeSeq: number;
}

/** A deleted message, as `getChanges` reports it: its index stays a gap forever. */
export interface WireTombstone {
  index: number;
  sid: string;
  /** The channel's change sequence number at the deletion. */
  changeSeq: number;
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
  /** Identity of the creator: a group's admin, the only member who may remove others. */
  createdBy: string;
  /** Milliseconds since the epoch. */
  dateCreated: number;
  /** Identities of the members, in joining order; empty when the viewer is not a member. */
  members: string[];
  /** The newest message that is not deleted; null when there is none or the viewer is not a member. */
  lastMessage: WireMessage | null;
  /** Index of the last message this user has read (-1: none); null when not a member. */
  lastReadIndex: number | null;
  /**
   * Messages after `lastReadIndex` that are neither deleted nor written by this user; null when
   * not a member.
   */
  unreadCount: number | null;
  /**
   * Every member's read horizon (index of the last message they read, -1: none), by identity: read
   * receipts. Empty when the viewer is not a member.
   */
  lastReadIndexes: Record<string, number>;
  /**
   * Bumped by one for every message sent, edited or deleted in the channel (it never goes down): a
   * client that saw this number and sees it again knows nothing changed; `getChanges` answers what
   * changed after a number it saw. Null when the viewer is not a member.
   */
  changeSeq: number | null;
}

/** One page of a channel listing; `next` is the `after` of the following page, null at the end. */
export interface WireChannelPage {
  channels: WireChannel[];
  next: string | null;
}

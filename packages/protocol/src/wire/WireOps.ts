import type { WireChannel, WireChannelPage, WireMessage, WireTombstone } from './shapes.js';

/** A reply's `result` that carries nothing (`{}`). */
export type WireEmpty = Record<string, never>;

/**
 * Every operation of the local chat protocol: what a request carries besides `id` and `op`
 * (`params`), and the `result` of its reply (README of @chat/local-server, "Operations"). The
 * server validates `params` with a schema checked against this at compile time, and its handler
 * table, keyed by op, must return `result`; the client's `call(op, params)` is typed by it.
 * Optional params may be sent as `undefined` (JSON drops them). Extra keys are ignored.
 */
export interface WireOps {
  /** Must come first; the identity is the token's `grants.identity`, never the client's claim. */
  hello: { params: { token: string }; result: { identity: string; expiresAt: number } };
  /** A fresh token for the same identity (`token_invalid` otherwise); the connection stays open. */
  updateToken: { params: { token: string }; result: { expiresAt: number } };
  /** One page of the caller's channels, in unique-name order: `after` the previous page's `next`. */
  listChannels: { params: { after?: string; limit?: number }; result: WireChannelPage };
  /** One page of every group channel, in unique-name order. */
  listPublicChannels: { params: { after?: string; limit?: number }; result: WireChannelPage };
  /** A group channel, or a private channel of the caller's. */
  getChannel: { params: { name: string }; result: { channel: WireChannel } };
  /** Creates a channel; the creator and `members` join (a private channel: exactly the peer). */
  createChannel: {
    params: {
      name: string;
      type: 'group' | 'private';
      friendlyName?: string;
      description?: string;
      attributes?: Record<string, unknown>;
      members?: string[];
    };
    result: { channel: WireChannel };
  };
  /** Joins a group channel (idempotent); the horizon starts at the newest message. */
  joinChannel: { params: { name: string }; result: { channel: WireChannel } };
  leaveChannel: { params: { name: string }; result: WireEmpty };
  /** Adds another identity to a channel the caller belongs to (idempotent). */
  addMember: { params: { name: string; identity: string }; result: { channel: WireChannel } };
  /**
   * Removes another member from a group the caller created (`forbidden` for anyone else and in
   * private channels). The removed identity loses the channel at once and cannot join it again
   * by itself; a member may add it back. Removing a non-member does nothing.
   */
  removeMember: { params: { name: string; identity: string }; result: WireEmpty };
  /** Renames a channel or changes its description (any member; at least one of the two). */
  updateChannel: {
    params: { name: string; friendlyName?: string; description?: string };
    result: { channel: WireChannel };
  };
  /** Stores a message; the same `(channel, author, clientId)` again returns the stored one. */
  sendMessage: {
    params: {
      channel: string;
      clientId: string;
      body: string;
      attributes?: Record<string, unknown>;
      mediaSid?: string;
    };
    result: { message: WireMessage };
  };
  /** Replaces the body of a message the caller wrote (same limits as sending). */
  editMessage: {
    params: { channel: string; index: number; body: string };
    result: { message: WireMessage };
  };
  /** Deletes a message the caller wrote; its index stays a gap. */
  deleteMessage: { params: { channel: string; index: number }; result: WireEmpty };
  /** Up to `pageSize` messages with index ≤ `anchor` (the newest without one), oldest first. */
  getMessages: {
    params: { channel: string; pageSize: number; anchor?: number };
    result: { messages: WireMessage[]; hasOlder: boolean };
  };
  /** Messages with index > `index`, oldest first: the resync after a reconnect. */
  getMessagesAfter: {
    params: { channel: string; index: number; limit?: number };
    result: { messages: WireMessage[]; hasMore: boolean };
  };
  /**
   * What changed in a channel after change number `after` (a `changeSeq` the client saw), in
   * change order: messages sent or edited since (as they are now) and messages deleted since,
   * optionally only those with an index in [`from`..`to`]. `changeSeq` is where the answer ends:
   * the channel's own when `hasMore` is false, else the `after` of the next call.
   */
  getChanges: {
    params: { channel: string; after: number; from?: number; to?: number; limit?: number };
    result: { messages: WireMessage[]; deleted: WireTombstone[]; changeSeq: number; hasMore: boolean };
  };
  /** Moves the caller's read horizon, clamped to [-1, newest]. */
  setReadHorizon: {
    params: { channel: string; index: number };
    result: { lastReadIndex: number; unreadCount: number };
  };
  /** A typing signal; peers get `typingStarted`, then `typingEnded` after a silence. */
  typing: { params: { channel: string }; result: WireEmpty };
  /** A signed download URL for an upload, for members of its channel. */
  mediaUrl: { params: { sid: string }; result: { url: string; expiresAt: number } };
  /** Keeps the connection alive and proves it is. */
  ping: { params: WireEmpty; result: { now: number } };
}

/** Name of an operation. */
export type WireOp = keyof WireOps;
/** What a request of operation `O` carries besides `id` and `op`. */
export type WireParams<O extends WireOp> = WireOps[O]['params'];
/** The `result` of a successful reply to operation `O`. */
export type WireResult<O extends WireOp> = WireOps[O]['result'];

import type { WireChannel, WireMessage } from './shapes.js';

/**
 * Every event the server pushes, by name, with what it carries besides `event` (README of
 * @chat/local-server, "Events"). A client ignores an event it does not know (a newer server).
 */
export interface WireEvents {
  /** To the user's connections when they become a member (created, joined, added): as they see it. */
  channelAdded: { channel: WireChannel };
  /** To each member's connections, as that member sees it, when `updateChannel` changed it. */
  channelUpdated: { channel: WireChannel };
  /** To the user's connections when they stop being a member (left, or removed by the creator). */
  channelRemoved: { name: string };
  /** To every member's connections, the newcomer's included, with the newcomer's read horizon. */
  memberJoined: { channel: string; identity: string; lastReadIndex: number };
  /** To every member's connections as they were before, the leaver's (or removed one's) included. */
  memberLeft: { channel: string; identity: string };
  /**
   * To every member's connections, the sender's included (before the `sendMessage` reply). The
   * author's read horizon moves to the message: no `memberHorizonChanged` is sent for that.
   */
  messageAdded: { message: WireMessage };
  /** To every member's connections, the editor's included: the message as it is now. */
  messageUpdated: { message: WireMessage };
  /**
   * To every member's connections, the author's included: the message at `index` is gone for good.
   * `lastMessage` is the channel's newest message now (the same as before unless the deleted one
   * was it); `changeSeq` the channel's change number after the deletion.
   */
  messageRemoved: {
    channel: string;
    index: number;
    sid: string;
    author: string;
    changeSeq: number;
    lastMessage: WireMessage | null;
  };
  /** To every other member's connections when a member's read horizon moved: a read receipt. */
  memberHorizonChanged: { channel: string; identity: string; lastReadIndex: number };
  /** To members other than the typist, once per bout of typing. */
  typingStarted: { channel: string; identity: string };
  /** To members other than the typist: after a silence, a message sent, or the typist leaving. */
  typingEnded: { channel: string; identity: string };
  /** To every connection of the user whose horizon moved. */
  readHorizonChanged: { channel: string; lastReadIndex: number; unreadCount: number };
  /** To one connection, `tokenRefreshMarginMs` before its token's `exp`: send `updateToken`. */
  tokenAboutToExpire: { expiresAt: number };
}

/** Name of an event. */
export type WireEventName = keyof WireEvents;

/** An event frame: `{ event: name, ...data }`. Narrow it with a `switch` on `event`. */
export type WireEvent = { [E in WireEventName]: { event: E } & WireEvents[E] }[WireEventName];

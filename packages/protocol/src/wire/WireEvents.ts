import type { WireChannel, WireMessage } from './shapes.js';

/**
 * Every event the server pushes, by name, with what it carries besides `event` (README of
 * @chat/local-server, "Events"). A client ignores an event it does not know (a newer server).
 */
export interface WireEvents {
  /** To the user's connections when they become a member (created, joined, added): as they see it. */
  channelAdded: { channel: WireChannel };
  /** To members when a channel's metadata changes. No operation changes it yet; clients accept it. */
  channelUpdated: { channel: WireChannel };
  /** To the user's connections when they stop being a member. */
  channelRemoved: { name: string };
  /** To every member's connections, the newcomer's included. */
  memberJoined: { channel: string; identity: string };
  /** To every member's connections as they were before, the leaver's included. */
  memberLeft: { channel: string; identity: string };
  /** To every member's connections, the sender's included (before the `sendMessage` reply). */
  messageAdded: { message: WireMessage };
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

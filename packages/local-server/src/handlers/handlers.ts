import type { ServerContext } from '../context.js';
import type { Op, Params } from '../protocol.js';
import { getChannel, listChannels, listPublicChannels } from './channelQueries.js';
import { createChannel } from './createChannel.js';
import { getMessages, getMessagesAfter } from './history.js';
import { mediaUrl } from './mediaUrl.js';
import { setReadHorizon, typing } from './memberSignals.js';
import { addMember, joinChannel, leaveChannel } from './membership.js';
import { sendMessage } from './sendMessage.js';

/** Operations that need the connection itself (its token and timers) rather than a handler. */
export type SessionOp = 'hello' | 'updateToken' | 'ping';

type Handler<O extends Op> = (ctx: ServerContext, identity: string, params: Params<O>) => object;

/**
 * The handler of every chat operation, run for an authenticated identity with validated
 * parameters. Handlers are synchronous (better-sqlite3), so one request runs to completion
 * before the next: there is no interleaving to reason about.
 */
export const handlers: { [O in Exclude<Op, SessionOp>]: Handler<O> } = {
  listChannels,
  listPublicChannels,
  getChannel,
  createChannel,
  joinChannel,
  leaveChannel,
  addMember,
  sendMessage,
  getMessages,
  getMessagesAfter,
  setReadHorizon,
  typing,
  mediaUrl,
};

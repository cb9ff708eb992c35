import type { WireOp, WireParams, WireResult } from '@chat/protocol';
import type { ServerContext } from '../context.js';
import { getChannel, listChannels, listPublicChannels } from './channelQueries.js';
import { createChannel } from './createChannel.js';
import { getChanges, getMessages, getMessagesAfter } from './history.js';
import { removeMember, updateChannel } from './manageChannel.js';
import { mediaUrl } from './mediaUrl.js';
import { setReadHorizon, typing } from './memberSignals.js';
import { addMember, joinChannel, leaveChannel } from './membership.js';
import { deleteMessage, editMessage } from './messageChanges.js';
import { sendMessage } from './sendMessage.js';

/** Operations that need the connection itself (its token and timers) rather than a handler. */
export type SessionOp = 'hello' | 'updateToken' | 'ping';

/** Operations on chat data, each run by its handler. */
export type ChatOp = Exclude<WireOp, SessionOp>;

/** Runs operation `O` for an authenticated identity with validated params; returns its result. */
export type Handler<O extends ChatOp> = (
  ctx: ServerContext,
  identity: string,
  params: WireParams<O>,
) => WireResult<O>;

/** One handler per chat operation of `@chat/protocol`: leaving one out does not compile. */
export type HandlerTable = { readonly [O in ChatOp]: Handler<O> };

/**
 * The handler of every chat operation, run for an authenticated identity with validated
 * parameters. Handlers are synchronous (better-sqlite3), so one request runs to completion
 * before the next: there is no interleaving to reason about.
 */
export const handlers: HandlerTable = {
  listChannels,
  listPublicChannels,
  getChannel,
  createChannel,
  joinChannel,
  leaveChannel,
  addMember,
  removeMember,
  updateChannel,
  sendMessage,
  editMessage,
  deleteMessage,
  getMessages,
  getMessagesAfter,
  getChanges,
  setReadHorizon,
  typing,
  mediaUrl,
};

/** Runs the handler of `op`: one call site, typed by the op, for the connection's dispatch. */
export function runHandler<O extends ChatOp>(
  op: O,
  ctx: ServerContext,
  identity: string,
  params: WireParams<O>,
): WireResult<O> {
  return handlers[op](ctx, identity, params);
}

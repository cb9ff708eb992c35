/**
 * `@chat/protocol`: what `@chat/server`, `@chat/local-server` and `@chat/react` agree on: the rules
 * for identities and channel names (each check returns a {@link NameProblem} or `null`, and each
 * side renders its own error from it), and the local chat server's wire protocol: its shapes,
 * operations, events, frames and error codes as types (no runtime code), and its limits.
 */
export { channelNameProblem, MAX_CHANNEL_NAME_LENGTH } from './channelNameProblem.js';
export { describeNameProblem, quoteName } from './describeNameProblem.js';
export { groupNameProblem } from './groupNameProblem.js';
export { identityProblem, MAX_IDENTITY_LENGTH } from './identityProblem.js';
export type { NameKind, NameProblem } from './NameProblem.js';
export { privateChannelName } from './privateChannelName.js';
export type {
  WireCloseCode,
  WireError,
  WireErrorCode,
  WireFailure,
  WireReply,
  WireRequest,
  WireServerFrame,
  WireSuccess,
} from './wire/frames.js';
export type { WireChannel, WireChannelPage, WireMedia, WireMessage, WireTombstone } from './wire/shapes.js';
export type { WireEvent, WireEventName, WireEvents } from './wire/WireEvents.js';
export type { WireEmpty, WireOp, WireOps, WireParams, WireResult } from './wire/WireOps.js';
export {
  MAX_ATTRIBUTES_BYTES,
  MAX_BODY_BYTES,
  MAX_CHANGES_LIMIT,
  MAX_CHANNEL_PAGE_LIMIT,
  MAX_CLIENT_ID_LENGTH,
  MAX_CREATE_MEMBERS,
  MAX_DESCRIPTION_LENGTH,
  MAX_FRAME_BYTES,
  MAX_FRIENDLY_NAME_LENGTH,
  MAX_HISTORY_PAGE_SIZE,
  MAX_MESSAGES_AFTER_LIMIT,
  MAX_SID_LENGTH,
  MAX_TOKEN_LENGTH,
} from './wireLimits.js';

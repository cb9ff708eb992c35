/**
 * `@chat/protocol`: what `@chat/server`, `@chat/local-server` and `@chat/react` agree on. For now, the
 * rules for identities and channel names: each check returns a {@link NameProblem} or `null`, and
 * each side renders its own error from it.
 */
export { channelNameProblem, MAX_CHANNEL_NAME_LENGTH } from './channelNameProblem.js';
export { describeNameProblem, quoteName } from './describeNameProblem.js';
export { groupNameProblem } from './groupNameProblem.js';
export { identityProblem, MAX_IDENTITY_LENGTH } from './identityProblem.js';
export type { NameKind, NameProblem } from './NameProblem.js';
export { privateChannelName } from './privateChannelName.js';

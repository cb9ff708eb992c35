// The local chat protocol's size limits, in one place for the server that enforces them and the
// client that stays within them (README of @chat/local-server, "Wire protocol"). The name limits,
// MAX_IDENTITY_LENGTH and MAX_CHANNEL_NAME_LENGTH, live beside their rules.

/** Largest WebSocket frame, in bytes; a bigger one makes the server close the socket with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Largest message body, in UTF-8 bytes (Twilio's limit). */
export const MAX_BODY_BYTES = 32 * 1024;

/** Largest `attributes` object of a channel or message, serialised as JSON, in bytes (Twilio's limit). */
export const MAX_ATTRIBUTES_BYTES = 16 * 1024;

/** Longest access token a `hello` or `updateToken` may carry, in UTF-16 code units. */
export const MAX_TOKEN_LENGTH = 16_384;

/** Longest `clientId` of a message, in UTF-16 code units (at least 1). */
export const MAX_CLIENT_ID_LENGTH = 64;

/** Longest sid a request may name (`mediaSid`, `mediaUrl`'s `sid`), in UTF-16 code units. */
export const MAX_SID_LENGTH = 64;

/** Longest `friendlyName` of a channel (created or updated), in UTF-16 code units. */
export const MAX_FRIENDLY_NAME_LENGTH = 256;

/** Longest `description` of a channel (created or updated), in UTF-16 code units. */
export const MAX_DESCRIPTION_LENGTH = 4096;

/** Most identities `createChannel` may add besides the creator (`members`). */
export const MAX_CREATE_MEMBERS = 100;

/** Most channels one page of `listChannels` / `listPublicChannels` holds (`limit`; default 100). */
export const MAX_CHANNEL_PAGE_LIMIT = 200;

/** Most messages one `getMessages` page holds (`pageSize`). */
export const MAX_HISTORY_PAGE_SIZE = 100;

/** Most messages one `getMessagesAfter` answer holds (`limit`, also its default). */
export const MAX_MESSAGES_AFTER_LIMIT = 1000;

/** Most changes (messages and tombstones together) one `getChanges` answer holds (`limit`, also its default). */
export const MAX_CHANGES_LIMIT = 1000;

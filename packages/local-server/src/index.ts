export type { WireChannel, WireMedia, WireMessage } from '@chat/protocol';
// The largest WebSocket frame accepted (bigger ones close the connection with 1009): the protocol's.
export { MAX_FRAME_BYTES } from '@chat/protocol';
export { createLocalServer, type LocalServer } from './createLocalServer.js';
export type { ErrorCode } from './errors.js';
export type { UploadLimitOptions } from './http/UploadQuota.js';
export type { AbuseLimitOptions } from './limitOptions.js';
export type { LocalServerLogger, LocalServerOptions } from './options.js';
export type { QuotaOptions } from './quotaOptions.js';
export type {
  ConnectionRateLimitOptions,
  IdentityRateLimitOptions,
  RateLimitOptions,
} from './rateLimiter.js';
export type { TwilioClientOptions, TwilioFaults } from './twilio/TwilioFrontDoor.js';
export type { TwilioOptions } from './twilio/twilioOptions.js';

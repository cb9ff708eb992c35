export { createLocalServer, type LocalServer, MAX_FRAME_BYTES } from './createLocalServer.js';
export type { ErrorCode } from './errors.js';
export type { UploadLimitOptions } from './http/UploadQuota.js';
export type { AbuseLimitOptions } from './limitOptions.js';
export type { LocalServerLogger, LocalServerOptions } from './options.js';
export type { QuotaOptions } from './quotaOptions.js';
export type { IdentityRateLimitOptions, RateLimitOptions } from './rateLimiter.js';
export type { WireChannel, WireMedia, WireMessage } from './wire.js';

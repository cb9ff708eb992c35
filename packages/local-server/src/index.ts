export { createLocalServer, type LocalServer, MAX_FRAME_BYTES } from './createLocalServer.js';
export type { ErrorCode } from './errors.js';
export type { LocalServerLogger, LocalServerOptions } from './options.js';
export type { RateLimitOptions } from './rateLimiter.js';
export type { TwilioClientOptions, TwilioFaults } from './twilio/TwilioFrontDoor.js';
export type { TwilioOptions } from './twilio/twilioOptions.js';
export type { WireChannel, WireMedia, WireMessage } from './wire.js';

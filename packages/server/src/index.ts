export {
  type AuthenticateContext,
  type Authenticator,
  DEV_AUTHENTICATOR_IN_PRODUCTION,
  devAuthenticator,
} from './authenticate.js';
export { type BearerJwtAuthenticatorOptions, bearerJwtAuthenticator } from './bearerJwtAuthenticator.js';
export type { ChatKeys } from './ChatKeys.js';
export { checkKeys, KEY_SOURCES, type KeyProblem } from './checkKeys.js';
export { CLI_HELP, CliUsageError, describeStartError, type RunCliOptions, runCli } from './cli.js';
export { type CreateAppOptions, createApp, DEFAULT_CORS_ORIGINS } from './createApp.js';
export {
  type ClientRateLimitOptions,
  createRateLimiter,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitOptions,
} from './createRateLimiter.js';
export { devKeys } from './devKeys.js';
export { HttpError, type HttpErrorCode } from './HttpError.js';
export { KeysError } from './KeysError.js';
export { type FileConfig, loadConfig } from './loadConfig.js';
export { loadConfigFile } from './loadConfigFile.js';
export { createJsonLogger, type JsonLogger, type LogFields, type Logger } from './logger.js';
export { optionsFromEnv, type ServerOptions } from './optionsFromEnv.js';
export { type BodyRefusalCodes, type ReadLimitedBodyOptions, readLimitedBody } from './readLimitedBody.js';
export { type RunningServer, startServer } from './startServer.js';
export { TokenBucket, type TokenBucketOptions } from './TokenBucket.js';
export { TokenError, type TokenErrorCode } from './TokenError.js';
export { ACCESS_TOKEN_HEADER, type CreateAccessTokenOptions, createAccessToken } from './token.js';
export { checkTtlSeconds, DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS, MIN_TTL_SECONDS } from './ttl.js';
export { MAX_IDENTITY_LENGTH, validateIdentity } from './validateIdentity.js';
export {
  type VerifiedAccessToken,
  type VerifyAccessTokenOptions,
  verifyAccessToken,
} from './verifyAccessToken.js';

export type { ChatKeys } from './ChatKeys.js';
export { devKeys } from './devKeys.js';
export { HttpError, type HttpErrorCode } from './HttpError.js';
export { TokenError, type TokenErrorCode } from './TokenError.js';
export { ACCESS_TOKEN_HEADER, type CreateAccessTokenOptions, createAccessToken } from './token.js';
export { checkTtlSeconds, DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS, MIN_TTL_SECONDS } from './ttl.js';
export { MAX_IDENTITY_LENGTH, validateIdentity } from './validateIdentity.js';
export {
  type VerifiedAccessToken,
  type VerifyAccessTokenOptions,
  verifyAccessToken,
} from './verifyAccessToken.js';

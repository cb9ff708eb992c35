import { DEV_AUTHENTICATOR_IN_PRODUCTION } from './authenticate.js';
import { bearerJwtAuthenticator } from './bearerJwtAuthenticator.js';
import type { CreateAppOptions } from './createApp.js';
import { devKeys } from './devKeys.js';
import { type FileConfig, loadConfig } from './loadConfig.js';
import type { Logger } from './logger.js';

/** What `main.ts` needs to start: the app's options and where to listen. */
export interface ServerOptions {
  app: Omit<CreateAppOptions, 'logger'>;
  port: number;
  host: string;
  /** True when no keys were configured and the local development keys are used. */
  usingDevKeys: boolean;
}

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items === undefined || items.length === 0 ? undefined : items;
}

function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new Error(`${name}=${value} is not a whole number from ${min} to ${max}; unset it for ${fallback}`);
  }
  return number;
}

/** `TRUST_PROXY`: how many proxies of yours are in front; `true`/`false` are the older spellings of 1/0. */
function proxyHops(env: NodeJS.ProcessEnv): number {
  const value = env.TRUST_PROXY?.trim().toLowerCase();
  if (value === 'true') return 1;
  if (value === 'false') return 0;
  return wholeNumber({ TRUST_PROXY: value }, 'TRUST_PROXY', 0, 0, 10);
}

/**
 * Turns the environment (see the README's table) and the key file's keys into server options.
 * Separate from `main.ts` so that every rule — config validation, the production refusal of the
 * development authenticator, the bearer authenticator's settings — is testable without a process.
 *
 * @throws {Error} with a message that says which variable to set and how.
 */
export function optionsFromEnv(
  env: NodeJS.ProcessEnv,
  file: FileConfig = {},
  logger?: Logger,
): ServerOptions {
  const production = env.NODE_ENV === 'production';
  const keys = loadConfig(env, file);
  const port = wholeNumber(env, 'PORT', 3001, 0, 65_535);
  const host = env.HOST?.trim() || (production ? '0.0.0.0' : '127.0.0.1');
  const perMinute = wholeNumber(env, 'RATE_LIMIT_PER_MINUTE', 60, 0, 1_000_000);
  const burst = wholeNumber(env, 'RATE_LIMIT_BURST', 20, 1, 1_000_000);

  const secret = env.AUTH_JWT_SECRET || undefined;
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  if (secret !== undefined && jwksUrl !== undefined) {
    throw new Error(
      'Set only one of AUTH_JWT_SECRET (shared secret) or AUTH_JWKS_URL (public keys), not both.',
    );
  }
  const issuer = list(env.AUTH_ISSUER);
  const audience = list(env.AUTH_AUDIENCE);
  let authenticate: CreateAppOptions['authenticate'];
  if (secret !== undefined || jwksUrl !== undefined) {
    authenticate = bearerJwtAuthenticator({
      ...(secret !== undefined ? { secret } : { jwksUrl: jwksUrl as string }),
      issuer: issuer?.length === 1 ? issuer[0] : issuer,
      audience: audience?.length === 1 ? audience[0] : audience,
      identityClaim: env.AUTH_IDENTITY_CLAIM?.trim() || 'sub',
      algorithms: list(env.AUTH_ALGORITHMS),
    });
    if (issuer === undefined && audience === undefined) {
      logger?.warn('AUTH_ISSUER and AUTH_AUDIENCE are unset: any token signed by that key is accepted');
    }
  } else if (production) {
    throw new Error(DEV_AUTHENTICATOR_IN_PRODUCTION);
  }

  return {
    app: {
      keys,
      authenticate,
      corsOrigins: list(env.CORS_ORIGINS),
      ttlSeconds: wholeNumber(env, 'TOKEN_TTL_SECONDS', 3600, 180, 86_400),
      rateLimit: perMinute === 0 ? false : { burst, perSecond: perMinute / 60 },
      proxyHops: proxyHops(env),
    },
    port,
    host,
    usingDevKeys: keys === devKeys,
  };
}

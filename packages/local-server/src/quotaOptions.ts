/**
 * Limits on what one identity can make grow, so that nobody can lock another user out (a channel
 * list too big to load) or make every listing slow. `false` turns them all off (benchmarks that
 * create channels by the hundred); `Infinity` turns one off.
 */
export interface QuotaOptions {
  /** Channels an identity may be a member of, however it got there. Default 1000. */
  maxChannelsPerUser?: number;
  /** Members a channel may hold. Default 1000. */
  maxMembersPerChannel?: number;
  /** Channels an identity may create per hour (a token bucket, refilled continuously). Default 100. */
  channelsCreatedPerHour?: number;
  /**
   * Group channels an identity may be put in per hour by someone else (`addMember`, or the
   * `members` of `createChannel`); joining by oneself does not count. Default 50.
   */
  addedByOthersPerHour?: number;
}

/** Quotas with every default applied; null when they are off. */
export type ResolvedQuotas = Required<QuotaOptions> | null;

/**
 * The defaults, safe for a server others can reach: Twilio Conversations allows 1,000
 * participants per conversation and 1,000 conversations per identity; a person creates far fewer
 * than 100 channels, or is put in 50 groups, within an hour.
 */
export const DEFAULT_QUOTAS: Required<QuotaOptions> = {
  maxChannelsPerUser: 1000,
  maxMembersPerChannel: 1000,
  channelsCreatedPerHour: 100,
  addedByOthersPerHour: 50,
};

/** Applies the defaults and refuses values that would not mean what a reader expects. */
export function resolveQuotas(options: QuotaOptions | false | undefined): ResolvedQuotas {
  if (options === false) return null;
  const resolved = { ...DEFAULT_QUOTAS };
  for (const key of Object.keys(options ?? {})) {
    if (!Object.hasOwn(DEFAULT_QUOTAS, key)) {
      throw new TypeError(
        `createLocalServer: unknown quota \`${key}\`; expected ${Object.keys(DEFAULT_QUOTAS).join(', ')}.`,
      );
    }
  }
  for (const key of Object.keys(DEFAULT_QUOTAS) as (keyof QuotaOptions)[]) {
    const value = options?.[key];
    if (value === undefined) continue;
    if (!(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= 1))) {
      throw new RangeError(
        `createLocalServer: \`quotas.${key}\` must be a positive integer (or Infinity for no limit), got ${value}; pass \`quotas: false\` to turn every quota off.`,
      );
    }
    resolved[key] = value;
  }
  return resolved;
}

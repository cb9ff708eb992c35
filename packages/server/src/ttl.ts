/** Shortest token lifetime Twilio accepts: 3 minutes. */
export const MIN_TTL_SECONDS = 180;
/** Longest token lifetime Twilio accepts: 24 hours. */
export const MAX_TTL_SECONDS = 86_400;
/** Default token lifetime: 1 hour, as Twilio's own helpers use. */
export const DEFAULT_TTL_SECONDS = 3600;

/**
 * Returns `ttlSeconds` when it is a whole number of seconds within Twilio's 3 min – 24 h.
 *
 * @throws {RangeError} naming the value and the allowed range.
 */
export function checkTtlSeconds(ttlSeconds: unknown): number {
  if (
    typeof ttlSeconds !== 'number' ||
    !Number.isInteger(ttlSeconds) ||
    ttlSeconds < MIN_TTL_SECONDS ||
    ttlSeconds > MAX_TTL_SECONDS
  ) {
    throw new RangeError(
      `ttlSeconds must be a whole number from ${MIN_TTL_SECONDS} (3 min) to ${MAX_TTL_SECONDS} (24 h), ` +
        `Twilio's limits; got ${String(ttlSeconds)}. Omit it for the default of ${DEFAULT_TTL_SECONDS}.`,
    );
  }
  return ttlSeconds;
}

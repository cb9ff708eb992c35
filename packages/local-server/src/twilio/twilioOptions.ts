/** Options of the Twilio emulator (`twilio` in `createLocalServer` options). */
export interface TwilioOptions {
  /**
   * `options.http_cache_interval` of the Configuration answer: how long the SDKs cache REST GETs
   * (unread counts, message counts, lookups by name). Twilio's default is 5 s; tests that read
   * counts right after a change set it low. Default 5000 ms.
   */
  httpCacheIntervalMs?: number;
  /**
   * `options.consumption_report_interval`: how often the SDKs may send an advanced read horizon.
   * Default 5000 ms.
   */
  consumptionReportIntervalMs?: number;
  /**
   * `estimated_delivery_in_ms` of the Sync subscription answer: how long an SDK waits for
   * `subscription_established` before it asks again (its timer runs even after shutdown, so a
   * short value lets a test process exit sooner). Default 3000 ms, Twilio's.
   */
  subscriptionDeliveryMs?: number;
}

/** Twilio options with their defaults. */
export type ResolvedTwilioOptions = Required<TwilioOptions>;

/** Applies defaults; a value that is not a non-negative number is refused with the key's name. */
export function resolveTwilioOptions(options: TwilioOptions = {}): ResolvedTwilioOptions {
  const resolved: ResolvedTwilioOptions = {
    httpCacheIntervalMs: options.httpCacheIntervalMs ?? 5000,
    consumptionReportIntervalMs: options.consumptionReportIntervalMs ?? 5000,
    subscriptionDeliveryMs: options.subscriptionDeliveryMs ?? 3000,
  };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(
        `createLocalServer: \`twilio.${key}\` must be a non-negative number of milliseconds, got ${value}.`,
      );
    }
  }
  if (resolved.subscriptionDeliveryMs === 0) {
    throw new RangeError(
      'createLocalServer: `twilio.subscriptionDeliveryMs` must be above 0 (the Sync SDK ignores 0 and never re-checks its subscriptions).',
    );
  }
  return resolved;
}

/** A duration in ms as ISO 8601 (`PT5S`, `PT0.05S`), the form the SDKs parse. */
export function isoDuration(ms: number): string {
  return `PT${ms / 1000}S`;
}

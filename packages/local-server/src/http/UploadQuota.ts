import type { WireErrorCode } from '@chat/protocol';
import { HttpError } from '@chat/server';

/** Upload limits (README, "Abuse limits"); `false` turns them off (benchmarks). */
export type UploadLimitOptions =
  | false
  | {
      /** Uploads one identity may start per window. Default 100. */
      perWindow?: number;
      /** Bytes one identity may upload per window (declared lengths are reserved up front). Default 50 MiB. */
      bytesPerWindow?: number;
      /** The window, starting at an identity's first upload. Default 600 000 ms (10 min). */
      windowMs?: number;
      /** Uploads of one identity in progress at once. Default 10. */
      concurrentPerIdentity?: number;
      /** Uploads in progress at once, all identities together: each is buffered in memory. Default 20. */
      concurrent?: number;
    };

/** {@link UploadLimitOptions} with every default applied. */
export type UploadLimits = Required<Exclude<UploadLimitOptions, false>>;

interface Usage {
  windowStart: number;
  count: number;
  bytes: number;
  inProgress: number;
}

/** A 429 saying what limit was reached; `Retry-After` and the message say when to try again. */
function tooMany(reached: string, retryAfterMs: number): HttpError<WireErrorCode> {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpError<WireErrorCode>(429, 'rate_limited', `${reached}; retry in ${seconds} s.`, {
    'Retry-After': String(seconds),
  });
}

/**
 * Per-identity upload quotas and the cap on uploads in progress. Each upload is buffered whole
 * before it is stored, so the in-progress caps bound memory (issue 12: 30 parallel 10 MiB uploads
 * took the server from 88 to 416 MiB); the window quotas bound what one identity can store.
 */
export class UploadQuota {
  readonly #limits: UploadLimits | null;
  readonly #usage = new Map<string, Usage>();
  #inProgress = 0;

  /** `limits` null: no quota (benchmarks). */
  constructor(limits: UploadLimits | null) {
    this.#limits = limits;
  }

  /**
   * Reserves an upload for `identity` before its body is read: it counts towards the window at
   * once, and so do its declared bytes (so that ten uploads started together cannot all pass a
   * quota that only one fits). Call the returned function with the bytes received once the body
   * has been read (0 if it failed): the reservation is then settled.
   *
   * @throws {HttpError} 429 `rate_limited` with a `Retry-After`.
   */
  begin(identity: string, declaredBytes: number, now = Date.now()): (receivedBytes: number) => void {
    const limits = this.#limits;
    if (!limits) return () => {};
    let usage = this.#usage.get(identity);
    if (!usage) {
      usage = { windowStart: now, count: 0, bytes: 0, inProgress: 0 };
      this.#usage.set(identity, usage);
    } else if (now - usage.windowStart >= limits.windowMs) {
      // Reset in place: uploads still in progress settle into this same record.
      usage.windowStart = now;
      usage.count = 0;
      usage.bytes = 0;
    }
    const windowLeft = usage.windowStart + limits.windowMs - now;
    if (usage.count >= limits.perWindow) {
      throw tooMany(
        `you reached the upload quota of ${limits.perWindow} uploads per ${limits.windowMs} ms (uploadLimits.perWindow)`,
        windowLeft,
      );
    }
    if (usage.bytes + declaredBytes > limits.bytesPerWindow) {
      throw tooMany(
        `this upload (${declaredBytes} bytes declared) would pass your quota of ${limits.bytesPerWindow} bytes per ${limits.windowMs} ms, ${usage.bytes} used (uploadLimits.bytesPerWindow)`,
        windowLeft,
      );
    }
    if (usage.inProgress >= limits.concurrentPerIdentity) {
      throw tooMany(
        `${limits.concurrentPerIdentity} of your uploads are still in progress (uploadLimits.concurrentPerIdentity): let one finish`,
        1000,
      );
    }
    if (this.#inProgress >= limits.concurrent) {
      throw tooMany(
        `the server is receiving ${limits.concurrent} uploads already (uploadLimits.concurrent)`,
        1000,
      );
    }
    usage.count += 1;
    usage.bytes += declaredBytes;
    usage.inProgress += 1;
    this.#inProgress += 1;
    const reserved = usage;
    let settled = false;
    return (receivedBytes) => {
      if (settled) return;
      settled = true;
      reserved.bytes += receivedBytes - declaredBytes;
      reserved.inProgress -= 1;
      this.#inProgress -= 1;
    };
  }

  /** Forgets identities whose window is over and that have nothing in progress (called periodically). */
  prune(now = Date.now()): void {
    if (!this.#limits) return;
    for (const [identity, usage] of this.#usage) {
      if (usage.inProgress === 0 && now - usage.windowStart >= this.#limits.windowMs)
        this.#usage.delete(identity);
    }
  }
}

const on = process.env.RELIABILITY_TRACE === '1';
const start = Date.now();

/** Progress lines on stderr when RELIABILITY_TRACE=1 (to see where a slow or stuck run is). */
export function trace(...parts: unknown[]): void {
  if (on) console.error(`[${((Date.now() - start) / 1000).toFixed(2)}s]`, ...parts);
}

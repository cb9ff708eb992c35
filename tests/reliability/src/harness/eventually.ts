/** Options of {@link eventually}. */
export interface EventuallyOptions {
  /** Give up after this long (default 15 s). The bound is a guard against hangs, not an assertion. */
  timeoutMs?: number;
  /** Poll interval (default 25 ms). */
  intervalMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns an empty list of problems and returns `[]`, or returns the last
 * list when the time is up. Convergence after a fault is eventual: the test asserts the final
 * list is empty, so a failure names every problem left instead of "timed out".
 */
export async function eventually(
  check: () => string[] | Promise<string[]>,
  options: EventuallyOptions = {},
): Promise<string[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const problems = await check();
    if (problems.length === 0 || Date.now() >= deadline) return problems;
    await sleep(options.intervalMs ?? 25);
  }
}

/**
 * Waits until `predicate` holds; throws `what` (and the waited time) when it does not in time.
 * `what` may be a function, to describe the state at the time of failure.
 */
export async function waitUntil(
  predicate: () => boolean,
  what: string | (() => string),
  options: EventuallyOptions = {},
): Promise<void> {
  const problems = await eventually(() => (predicate() ? [] : ['not yet']), options);
  if (problems.length > 0) {
    const described = typeof what === 'function' ? what() : what;
    throw new Error(`timed out after ${options.timeoutMs ?? 15_000} ms waiting for: ${described}`);
  }
}

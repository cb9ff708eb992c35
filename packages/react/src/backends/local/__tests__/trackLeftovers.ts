/** What {@link trackLeftovers} counts. */
export interface Leftovers {
  /** Timers started since tracking began that have neither fired nor been cleared. */
  timers: number;
  /** Open TCP handles of this process (sockets and servers). */
  sockets: number;
}

type TimerFunction = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;

/**
 * Counts what the code under test leaves running, deterministically on a busy machine:
 * - timers it starts through the global `setTimeout`/`setInterval` (vitest keeps its own references,
 *   so its throttled reporting timers never count, unlike `process.getActiveResourcesInfo()`);
 * - TCP handles, once the event loop has settled: a closed socket's handle goes away only in the
 *   close phase of a later loop turn, so a few turns are awaited first (no clock involved).
 * `restore()` puts the real timer functions back (call it in a cleanup).
 */
export function trackLeftovers(): { settled(): Promise<Leftovers>; restore(): void } {
  const live = new Set<unknown>();
  const real = {
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    clearTimeout: globalThis.clearTimeout,
    clearInterval: globalThis.clearInterval,
  };
  const start =
    (create: TimerFunction, once: boolean): TimerFunction =>
    (callback, ms, ...args) => {
      const timer = create(
        (...values: unknown[]) => {
          if (once) live.delete(timer);
          callback(...values);
        },
        ms,
        ...args,
      );
      live.add(timer);
      return timer;
    };
  const clear =
    (release: (timer: unknown) => void) =>
    (timer: unknown): void => {
      live.delete(timer);
      release(timer);
    };
  const globals = globalThis as unknown as Record<keyof typeof real, unknown>;
  globals.setTimeout = start(real.setTimeout as unknown as TimerFunction, true);
  globals.setInterval = start(real.setInterval as unknown as TimerFunction, false);
  globals.clearTimeout = clear(real.clearTimeout as (timer: unknown) => void);
  globals.clearInterval = clear(real.clearInterval as (timer: unknown) => void);
  return {
    async settled() {
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      const sockets = process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP')).length;
      return { timers: live.size, sockets };
    },
    restore() {
      Object.assign(globals, real);
    },
  };
}

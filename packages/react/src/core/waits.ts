import { ChatError } from './errors.js';

/** A cancellable wait: `cancel()` settles it at once (so disconnect leaves no timer behind). */
export interface Sleeper {
  sleep(ms: number): Promise<void>;
  cancel(): void;
}

/** Tracks every pending wait so that `cancel()` can release them all. */
export function createSleeper(): Sleeper {
  const pending = new Set<() => void>();
  return {
    sleep(ms) {
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          pending.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        pending.add(done);
      });
    },
    cancel() {
      for (const done of [...pending]) done();
    },
  };
}

/**
 * Runs `task` with a time limit; a timeout rejects with a `network` ChatError naming `what`.
 * `abort` (when given) settles it early with its rejection. The timer is always cleared.
 */
export function withTimeout<T>(
  task: () => Promise<T>,
  ms: number,
  what: string,
  abort?: Promise<never>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ChatError(
            'network',
            process.env.NODE_ENV !== 'production' ? `${what} did not answer within ${ms} ms.` : '',
          ),
        ),
      ms,
    );
  });
  const racers: Promise<T>[] = [Promise.resolve().then(task), timeout];
  if (abort) racers.push(abort);
  return Promise.race(racers).finally(() => clearTimeout(timer));
}

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

/**
 * `heapUsed` of this process after a full GC. The test worker does not run with --expose-gc, so
 * the flag is set at runtime and `gc` taken from a fresh context (a documented V8 idiom).
 */
export function heapOfThisProcess(): number {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

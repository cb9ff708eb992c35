import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./loadChild.mjs', import.meta.url));

/** What the load generator measured (see loadChild.mjs). */
export interface LoadResult {
  sent: number;
  acked: number;
  sendSeconds: number;
  throughputPerSecond: number;
  expectedDeliveries: number;
  deliveries: number;
  deliveriesPerSecond: number;
  lostDeliveries: number;
  duplicateDeliveries: number;
  gaps: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  errors: number;
  errorSamples: string[];
}

/**
 * The raw-WebSocket load generator (loadChild.mjs) in its own process: `users` clients, each a
 * member of up to three of `channels` group channels, sending at a steady total rate.
 */
export class LoadGenerator {
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.#child = child;
  }

  static start(): LoadGenerator {
    // execArgv: [] so that the worker's flags (its @chat/source condition) are not inherited.
    return new LoadGenerator(
      fork(CHILD, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
  }

  /** Sends `message` and resolves with the `key` field of the first answer that has it. */
  ask<T>(message: Record<string, unknown>, key: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`load generator: no "${key}" in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (answer: Record<string, unknown>) => {
        if ('failed' in answer) done(new Error(`load generator failed: ${answer.failed}`));
        else if (key in answer) done(null, answer[key] as T);
      };
      const onExit = (code: number | null) => done(new Error(`load generator exited with ${code}`));
      const done = (error: Error | null, value?: T) => {
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        this.#child.off('exit', onExit);
        if (error) reject(error);
        else resolve(value as T);
      };
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
      this.#child.send(message);
    });
  }

  /** Waits for the next answer with `key` without sending anything (e.g. the warm-up notice). */
  next<T>(key: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`load generator: no "${key}" in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (answer: Record<string, unknown>) => {
        if (!(key in answer)) return;
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        resolve(answer[key] as T);
      };
      this.#child.on('message', onMessage);
    });
  }

  /** Closes the clients and ends the process (killed if it does not exit within 5 s). */
  async close(): Promise<void> {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.send({ cmd: 'close' });
    });
  }
}

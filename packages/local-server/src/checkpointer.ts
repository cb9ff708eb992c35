import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Runs in a worker thread: its own connection checkpoints the WAL, so the fsyncs a checkpoint
// needs never block the event loop that serves messages.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 2000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') {
    checkpoint();
    parentPort.postMessage('checkpointed');
    return;
  }
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints a WAL database from a worker thread every `intervalMs` (a passive checkpoint with
 * nothing to copy costs next to nothing). With `synchronous = NORMAL`
 * a commit does not fsync; only checkpoints do, and here they do it off the main thread, which
 * keeps the send path's tail latency free of disk flushes.
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  /** Callers of checkpoint(), in the order the worker answers them. */
  readonly #waiting: Array<() => void> = [];
  #running = true;

  constructor(path: string, intervalMs = 250) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER, { eval: true, workerData: { driver, path, intervalMs } });
    this.#worker.on('message', () => this.#waiting.shift()?.());
    this.#exited = new Promise((resolve) =>
      this.#worker.once('exit', () => {
        this.#running = false;
        for (const resolveWaiting of this.#waiting.splice(0)) resolveWaiting();
        resolve();
      }),
    );
    // A failing checkpointer must not take the server down; the main connection's own
    // autocheckpoint remains as a fallback.
    this.#worker.on('error', () => {});
  }

  /**
   * Checkpoints now, in the worker; resolves when done, or after `maxWaitMs` at most (a stuck
   * disk must not stall the caller for ever), or at once once the worker has stopped. A writer
   * of large amounts waits for it every few MiB, so that the WAL stays small and the main
   * connection's fallback autocheckpoint (a copy of every frame not yet copied, in the event
   * loop) has next to nothing left to do.
   */
  checkpoint(maxWaitMs = 1000): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      this.#waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.#worker.postMessage('checkpoint');
    });
  }

  /** Runs a last checkpoint, closes the worker's connection and waits for the thread to end. */
  async stop(): Promise<void> {
    this.#worker.postMessage('stop');
    await this.#exited;
  }
}

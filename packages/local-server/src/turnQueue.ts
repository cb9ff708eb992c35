/**
 * One step of a long job; returns true once the job is done. A step that throws fails the job.
 */
export type Step = () => boolean;

interface Job {
  readonly step: Step;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs the steps of long jobs one per event-loop turn, round-robin across jobs, so that however
 * many jobs are queued, a turn holds the loop for one step only and the I/O of every other user
 * (pings, sends, fresh connections) runs between two steps. Issue 12: each 10 MiB upload was
 * written in one statement that blocked the loop for 25–130 ms.
 */
export class TurnQueue {
  readonly #jobs: Job[] = [];
  #scheduled = false;
  #paused = false;
  #stoppedWith: (() => Error) | undefined;

  /**
   * Queues a job: `step` is called once per turn (never twice in one turn) until it returns true.
   * Resolves when it did; rejects with what a step threw, or with the error of `stop()`.
   */
  run(step: Step): Promise<void> {
    if (this.#stoppedWith) return Promise.reject(this.#stoppedWith());
    return new Promise((resolve, reject) => {
      this.#jobs.push({ step, resolve, reject });
      this.#schedule();
    });
  }

  /**
   * Runs no further step: every job still queued rejects with `error()`. Steps are synchronous,
   * so once this returns nothing the jobs use (the database) is touched again.
   */
  stop(error: () => Error): void {
    this.#stoppedWith = error;
    for (const job of this.#jobs.splice(0)) job.reject(error());
  }

  /** Runs no step until `until` settles (a step may call this to wait for something). */
  pauseUntil(until: Promise<unknown>): void {
    this.#paused = true;
    const resume = () => {
      this.#paused = false;
      this.#schedule();
    };
    until.then(resume, resume);
  }

  #schedule(): void {
    if (this.#scheduled || this.#paused || this.#jobs.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const job = this.#jobs.shift();
      if (!job) return;
      let done: boolean;
      try {
        done = job.step();
      } catch (error) {
        job.reject(error);
        this.#schedule();
        return;
      }
      if (done) job.resolve();
      else this.#jobs.push(job);
      this.#schedule();
    });
  }
}

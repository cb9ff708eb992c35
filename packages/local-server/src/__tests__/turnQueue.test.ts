import { describe, expect, test } from 'vitest';
import { TurnQueue } from '../turnQueue.js';

/** A job of `steps` steps that logs each one as `name:index`. */
function job(log: string[], name: string, steps: number) {
  let done = 0;
  return () => {
    log.push(`${name}:${done}`);
    done += 1;
    return done === steps;
  };
}

/** Logs 'turn' once per event-loop turn until stopped: what other users' I/O would get. */
function turns(log: string[]) {
  let on = true;
  const tick = () => {
    if (!on) return;
    log.push('turn');
    setImmediate(tick);
  };
  setImmediate(tick);
  return () => {
    on = false;
  };
}

describe('TurnQueue', () => {
  test('runs one step per turn in all, taking the jobs in turn, and resolves each when done', async () => {
    const queue = new TurnQueue();
    const log: string[] = [];
    const stop = turns(log);
    await Promise.all([queue.run(job(log, 'a', 3)), queue.run(job(log, 'b', 2))]);
    stop();
    const steps = log.filter((entry) => entry !== 'turn');
    expect(steps).toEqual(['a:0', 'b:0', 'a:1', 'b:1', 'a:2']);
    // Never two steps without a turn of other work between them.
    const joined = log.join(' ');
    expect(joined).not.toMatch(/[ab]:\d [ab]:\d/);
  });

  test('a step that throws fails its job only', async () => {
    const queue = new TurnQueue();
    const log: string[] = [];
    const failing = queue.run(() => {
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    await expect(queue.run(job(log, 'next', 2))).resolves.toBeUndefined();
    expect(log).toEqual(['next:0', 'next:1']);
  });

  test('pauseUntil holds every step until the promise settles', async () => {
    const queue = new TurnQueue();
    const log: string[] = [];
    let release = () => {};
    queue.pauseUntil(new Promise<void>((resolve) => (release = resolve)));
    const running = queue.run(job(log, 'a', 1));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual([]);
    release();
    await running;
    expect(log).toEqual(['a:0']);
  });

  test('stop fails the queued jobs and every later one, and runs no further step', async () => {
    const queue = new TurnQueue();
    const log: string[] = [];
    const running = queue.run(job(log, 'a', 100));
    await new Promise((resolve) => setImmediate(resolve));
    queue.stop(() => new Error('shutting down'));
    await expect(running).rejects.toThrow('shutting down');
    const ran = log.length;
    await expect(queue.run(job(log, 'b', 1))).rejects.toThrow('shutting down');
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(log.length).toBe(ran);
    expect(ran).toBeLessThan(100);
  });
});

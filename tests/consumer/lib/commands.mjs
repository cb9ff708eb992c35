// Running commands the way a user types them in the consumer app: npm, npx, node, tsc.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Runs a command to completion and returns { status, stdout, stderr }; throws with its output when
 * it fails, unless `allowFailure`.
 */
export function run(command, args, { cwd, env = {}, allowFailure = false, timeoutMs = 600_000 } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  const outcome = { status: result.status, stdout: result.stdout, stderr: result.stderr };
  if (!allowFailure && result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` exited ${result.status} in ${cwd}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return outcome;
}

const started = new Set();

/**
 * Starts a long-running command in its own process group and resolves with the first stdout
 * line matching `ready`, the match and the child; rejects if it exits or 30 s pass first.
 */
export function start(command, args, { cwd, env = {}, ready }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.add(child);
  const output = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${command} ${args.join(' ')} did not get ready in 30 s:\n${output.join('\n')}`));
    }, 30_000);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const match = line.match(ready);
        if (match && stream === child.stdout) {
          clearTimeout(timer);
          resolve({ child, match, output });
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      started.delete(child);
      reject(
        new Error(`${command} ${args.join(' ')} exited ${code} before it was ready:\n${output.join('\n')}`),
      );
    });
  });
}

/** Stops every process `start` began (the whole group: npx, then the server under it). */
export async function stopAll() {
  await Promise.all(
    [...started].map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => kill(child, 'SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          kill(child, 'SIGTERM');
        }),
    ),
  );
  started.clear();
}

function kill(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

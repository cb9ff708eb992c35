import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureServersBuilt } from './ensureServersBuilt.js';

const CHILD = fileURLToPath(new URL('./serverChild.mjs', import.meta.url));

/** Options of {@link ServerProcess.start}. */
export interface ServerProcessOptions {
  /** The SQLite file; kept across kills and restarts. */
  dbPath: string;
  /** `tokenRefreshMarginMs` of the server. */
  marginMs?: number;
  /** Turn the per-connection rate limit off (load test: 200 clients share one loopback). */
  rateLimitOff?: boolean;
}

/** What `process.memoryUsage()` says in the server process, after a full GC. */
export type HeapFigures = NodeJS.MemoryUsage;

/**
 * The local server as a separate Node process: started, SIGKILLed and restarted on the same port
 * and database file, asked for its heap. Every method is bounded in time.
 */
export class ServerProcess {
  readonly #options: ServerProcessOptions;
  #child: ChildProcess | null = null;
  #port = 0;
  /** How many times the process was started (1 + restarts). */
  starts = 0;

  private constructor(options: ServerProcessOptions) {
    this.#options = options;
  }

  /** Builds the servers if needed, then starts one on a free port. */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    ensureServersBuilt();
    const server = new ServerProcess(options);
    await server.#spawn();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async #spawn(): Promise<void> {
    // A port freed by a killed process may take a moment to be bindable again: retry a few times.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#spawnOnce();
        this.starts++;
        return;
      } catch (error) {
        if (attempt >= 20 || this.#port === 0) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  #spawnOnce(): Promise<void> {
    const { dbPath, marginMs, rateLimitOff } = this.#options;
    const child = fork(CHILD, [], {
      execArgv: ['--expose-gc'],
      env: {
        ...process.env,
        PORT: String(this.#port),
        CHAT_DB: dbPath,
        ...(marginMs === undefined ? {} : { MARGIN_MS: String(marginMs) }),
        ...(rateLimitOff ? { RATE_LIMIT: 'off' } : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error('the local server child did not start within 30 s'));
      }, 30_000);
      child.once('message', (message: { port: number }) => {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        this.#port = message.port;
        this.#child = child;
        resolve();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the local server child exited with ${code} before listening`));
      });
    });
  }

  /** SIGKILL: no close frames, no cleanup, like a crash or `kill -9`. Resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Starts the server again on the same port and database file. */
  async restart(): Promise<void> {
    await this.kill();
    await this.#spawn();
  }

  #ask<T>(question: string, key: string): Promise<T> {
    const child = this.#child;
    if (!child) return Promise.reject(new Error(`cannot ask "${question}": the server is not running`));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to "${question}" in 10 s`)), 10_000);
      const onMessage = (message: Record<string, unknown>) => {
        if (!(key in message)) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message[key] as T);
      };
      child.on('message', onMessage);
      child.send(question);
    });
  }

  /** `process.memoryUsage()` of the server after a full GC. */
  heap(): Promise<HeapFigures> {
    return this.#ask('heap', 'heap');
  }

  /** How many errors the server logged. */
  stats(): Promise<{ errors: number }> {
    return this.#ask('stats', 'stats');
  }

  /** Closes the server cleanly (or kills it when it does not exit within 5 s). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.send('close');
    });
  }
}

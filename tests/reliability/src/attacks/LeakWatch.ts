import { inspect } from 'node:util';
import type { LocalServerLogger } from '@chat/local-server';
import type { Logger } from '@chat/server';

type Write = typeof process.stdout.write;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

function render(value: unknown): string {
  return typeof value === 'string'
    ? value
    : inspect(value, { depth: 8, breakLength: Number.POSITIVE_INFINITY });
}

/**
 * Watches everything a test file's servers could leak through: every line their loggers get,
 * everything written to stdout/stderr or the console, and every error body a client receives.
 * Secrets (the API secret, the identity provider's secret) and every token minted during the
 * file are registered, and {@link LeakWatch.leaks} lists where any of them showed up.
 */
export class LeakWatch {
  /** Everything captured, one entry per log line, write or error body, with where it came from. */
  readonly captured: Array<{ source: string; text: string }> = [];
  readonly #secrets = new Set<string>();
  #restore: Array<() => void> = [];

  /**
   * Starts capturing stdout, stderr and the console (call in beforeAll). With `passThrough`
   * false the captured output is swallowed (for self-tests that write canaries on purpose).
   */
  start({ passThrough = true } = {}): void {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write;
      const source = stream === process.stdout ? 'stdout' : 'stderr';
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        this.record(source, Buffer.isBuffer(chunk) ? chunk.toString() : render(chunk));
        if (!passThrough) return true;
        return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      }) as Write;
      this.#restore.push(() => {
        stream.write = original;
      });
    }
    for (const method of CONSOLE_METHODS) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        this.record(`console.${method}`, args.map(render).join(' '));
        if (passThrough) original.apply(console, args);
      };
      this.#restore.push(() => {
        console[method] = original;
      });
    }
  }

  /** Stops capturing (call in afterAll). */
  stop(): void {
    for (const restore of this.#restore.splice(0)) restore();
  }

  /** Registers a secret or a minted token that must never show up anywhere captured. */
  secret(value: string): string {
    if (value.length >= 8) this.#secrets.add(value);
    // A JWT is usable as soon as one has the signature; look for that part on its own too.
    const signature = value.split('.')[2];
    if (signature !== undefined && signature.length >= 16) this.#secrets.add(signature);
    return value;
  }

  /** Records one captured text (a log line, a write, an error body). */
  record(source: string, text: string): void {
    this.captured.push({ source, text });
  }

  /** A token-server logger that records each line as JSON (what the JSON logger would print). */
  tokenServerLogger(): Logger {
    const line = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
      this.record('token-server log', JSON.stringify({ level, msg, ...fields }));
    return { info: line('info'), warn: line('warn'), error: line('error') };
  }

  /** A local-server logger that records each notice with its error rendered in full (stack too). */
  localServerLogger(): LocalServerLogger {
    return {
      info: (message) => this.record('local-server log', message),
      error: (message, error) => this.record('local-server log', `${message} ${render(error)}`),
    };
  }

  /** How many secrets and tokens are watched. */
  get watched(): number {
    return this.#secrets.size;
  }

  /** Every captured text that contains a watched secret or token (empty when nothing leaked). */
  leaks(): Array<{ source: string; excerpt: string }> {
    const found: Array<{ source: string; excerpt: string }> = [];
    for (const { source, text } of this.captured) {
      for (const secret of this.#secrets) {
        const at = text.indexOf(secret);
        if (at >= 0) found.push({ source, excerpt: text.slice(Math.max(0, at - 80), at + 40) });
      }
    }
    return found;
  }
}

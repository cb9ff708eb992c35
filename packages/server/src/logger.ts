/** Structured fields of one log line. Never put a secret or a token in them. */
export type LogFields = Record<string, unknown>;

/** Where the server writes what happens: one JSON object per line. */
export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** A {@link Logger} that writes JSON lines, plus `flush()` to write out what is buffered. */
export interface JsonLogger extends Logger {
  /** Writes buffered lines now (call before the process exits). */
  flush(): void;
}

const FLUSH_BYTES = 16 * 1024;

/**
 * A cheap JSON-lines logger: `{"time","level","msg",...fields}`. Lines are batched and written
 * once per event-loop turn, because a synchronous `stdout.write` per request (stdout is
 * synchronous for files and pipes on Linux) costs more than minting the token.
 *
 * @param write receives whole lines (each ends in `\n`); defaults to `process.stdout`.
 */
export function createJsonLogger(
  write: (chunk: string) => void = (chunk) => process.stdout.write(chunk),
): JsonLogger {
  let buffer = '';
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    write(chunk);
  };

  const log = (level: string, msg: string, fields?: LogFields) => {
    buffer += `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
    if (buffer.length >= FLUSH_BYTES) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  return {
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    flush,
  };
}

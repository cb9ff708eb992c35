import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError, type FileConfig, loadConfigFile } from '@chat/server';
import { createLocalServer, type LocalServer } from './createLocalServer.js';
import { keysFromEnv } from './keysFromEnv.js';

/** What `chat-local-server --help` prints. */
export const LOCAL_CLI_HELP = `Usage: chat-local-server [options]          (npx @chat/local-server)

The local chat server of @chat/react (localBackend): channels, messages, unread counts, typing and
files over one WebSocket, kept in SQLite. For development, demos and tests, not for the internet.

Options (each wins over its environment variable):
  --port <n>       port to listen on; 0 picks a free one    PORT     (default 3002)
  --host <addr>    interface to listen on                    HOST     (default 127.0.0.1)
  --db <file>      SQLite file (its folder is created), or   CHAT_DB  (default .chat-data/chat.db,
                   :memory: for nothing kept                           in the current folder)
  --config <file>  the Twilio keys the token server signs with, as JSON or a JavaScript module:
                   {"twilioAccountSid": "AC…", "twilioApiKey": "SK…", "twilioApiSecret": "…", "serviceSid": "IS…"}
  -h, --help       print this and exit
  -v, --version    print the version and exit

Keys: TWILIO_ACCOUNT_SID, TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_SERVICE_SID in the environment
win over --config, key by key; set all four or none. With none (and NODE_ENV not production) it
accepts the tokens of @chat/server's development keys, which npx @chat/server uses by default.`;

/** Where the server listens and keeps its data, once started. */
export interface LocalServerCliRun {
  server: LocalServer;
  /** The SQLite file in use (absolute), or ':memory:'. */
  dbPath: string;
}

/**
 * Parses the command line (`--port`, `--host`, `--db`, `--config`, `--help`, `--version`) over the
 * environment, reads the keys and starts the local chat server. Resolves `null` after printing
 * help or the version.
 *
 * @throws {CliUsageError} for an unknown flag or a bad value; other errors as `keysFromEnv` and
 * `createLocalServer` throw them ({@link describeLocalStartError} gives one line to show).
 */
export async function runLocalServerCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  print: (text: string) => void = (text) => process.stdout.write(`${text}\n`),
): Promise<LocalServerCliRun | null> {
  let values: {
    port?: string;
    host?: string;
    db?: string;
    config?: string;
    help?: boolean;
    version?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message.split('\n')[0]}; see chat-local-server --help`);
  }
  if (values.help) {
    print(LOCAL_CLI_HELP);
    return null;
  }
  if (values.version) {
    print((createRequire(import.meta.url)('../package.json') as { version: string }).version);
    return null;
  }
  const [portText, portName] = values.port !== undefined ? [values.port, '--port'] : [env.PORT, 'PORT'];
  const port = portText === undefined || portText === '' ? 3002 : Number(portText);
  if (portText?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliUsageError(
      `${portName} ${JSON.stringify(portText)} is not a port number: give a whole number from 0 to 65535`,
    );
  }
  const host = values.host ?? (env.HOST || '127.0.0.1');
  if (host.trim() === '') throw new CliUsageError('--host needs an address, e.g. --host 0.0.0.0');
  const db = values.db ?? (env.CHAT_DB || '.chat-data/chat.db');
  const dbPath = db === ':memory:' ? db : resolve(db);
  const file: FileConfig = values.config === undefined ? {} : await loadConfigFile(values.config);
  const server = await createLocalServer({ port, host, dbPath, keys: keysFromEnv(env, file) });
  return { server, dbPath };
}

/** One line for a person who started the server and got an error (a busy port, bad keys, a bad flag). */
export function describeLocalStartError(error: unknown): string {
  const { code, port, address } = error as { code?: unknown; port?: unknown; address?: unknown };
  const where = `port ${String(port)} on ${String(address)}`;
  if (code === 'EADDRINUSE') {
    return `${where} is already in use: stop what is using it (another chat-local-server?), or choose another port with --port (or PORT)`;
  }
  if (code === 'EACCES') return `${where} is not allowed for this user: choose a port above 1023 with --port`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return `cannot listen on ${String(address ?? (error as { hostname?: unknown }).hostname)}: it is not an address of this machine; choose another with --host (or HOST)`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^local-server: /, '').replace(/\s*\n\s*/g, ' ');
}

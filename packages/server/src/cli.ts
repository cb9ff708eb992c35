import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { KEY_SOURCES } from './checkKeys.js';
import { KeysError } from './KeysError.js';
import type { FileConfig } from './loadConfig.js';
import { loadConfigFile } from './loadConfigFile.js';
import type { Logger } from './logger.js';
import { type RunningServer, startServer } from './startServer.js';

/** What `chat-server --help` prints. */
export const CLI_HELP = `Usage: chat-server [options]          (npx @chat/server)

The token server of @chat/react: POST /token answers a chat access token, GET /healthz says it is up.

Options (each wins over its environment variable):
  --port <n>       port to listen on; 0 picks a free one    PORT   (default 3001)
  --host <addr>    interface to listen on                    HOST   (default 127.0.0.1;
                                                                     0.0.0.0 with NODE_ENV=production)
  --config <file>  the Twilio keys, as JSON or a JavaScript module (keep it out of git):
                   {"twilioAccountSid": "AC…", "twilioApiKey": "SK…", "twilioApiSecret": "…", "serviceSid": "IS…"}
  -h, --help       print this and exit
  -v, --version    print the version and exit

Keys: TWILIO_ACCOUNT_SID, TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_SERVICE_SID in the environment
win over --config, key by key. With no keys at all (and NODE_ENV not production) tokens are signed
with development keys that only @chat/local-server accepts.
Also read from the environment: NODE_ENV, TOKEN_TTL_SECONDS, AUTH_JWKS_URL, AUTH_JWT_SECRET,
AUTH_ISSUER, AUTH_AUDIENCE, AUTH_IDENTITY_CLAIM, AUTH_ALGORITHMS, CORS_ORIGINS,
RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST, TRUST_PROXY (see the README of @chat/server).`;

/** A mistake on the command line: the message is one line that says what to type instead. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  logger: Logger;
  /** Where `--help` and `--version` write; default stdout. */
  print?: (text: string) => void;
  /**
   * A key file read when `--config` is not given and it exists: this repository's git-ignored
   * `src/config.ts` (main.js passes it). An installed package never has one.
   */
  defaultConfigPath?: string;
}

function portFlag(value: string): string {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliUsageError(`--port ${value} is not a port number: give a whole number from 0 to 65535`);
  }
  return String(port);
}

/**
 * Parses the command line (`--port`, `--host`, `--config`, `--help`, `--version`), reads the keys
 * and starts the token server. Resolves `null` after printing help or the version.
 *
 * @throws {CliUsageError} for an unknown flag or a bad value; other errors as `startServer` throws
 * them (see {@link describeStartError} for one line to show).
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  options: RunCliOptions,
): Promise<RunningServer | null> {
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  let values: { port?: string; host?: string; config?: string; help?: boolean; version?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message.split('\n')[0]}; see chat-server --help`);
  }
  if (values.help) {
    print(CLI_HELP);
    return null;
  }
  if (values.version) {
    print((createRequire(import.meta.url)('../package.json') as { version: string }).version);
    return null;
  }
  const overrides: NodeJS.ProcessEnv = {};
  if (values.port !== undefined) overrides.PORT = portFlag(values.port);
  if (values.host !== undefined) {
    if (values.host.trim() === '') throw new CliUsageError('--host needs an address, e.g. --host 0.0.0.0');
    overrides.HOST = values.host;
  }
  let file: FileConfig = {};
  if (values.config !== undefined) file = await loadConfigFile(values.config);
  else if (options.defaultConfigPath !== undefined && existsSync(options.defaultConfigPath)) {
    file = await loadConfigFile(options.defaultConfigPath);
  }
  return startServer({ ...env, ...overrides }, file, options.logger);
}

/**
 * One line for a person who started the server and got an error: a busy port, bad keys, a bad
 * flag or variable. Never contains a secret (the errors it reads never do).
 */
export function describeStartError(error: unknown): string {
  const { code, port, address } = error as { code?: unknown; port?: unknown; address?: unknown };
  const where = `port ${String(port)} on ${String(address)}`;
  if (code === 'EADDRINUSE') {
    return `${where} is already in use: stop what is using it, or choose another port with --port (or PORT)`;
  }
  if (code === 'EACCES') return `${where} is not allowed for this user: choose a port above 1023 with --port`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return `cannot listen on ${String(address ?? (error as { hostname?: unknown }).hostname)}: it is not an address of this machine; choose another with --host (or HOST)`;
  }
  if (error instanceof KeysError) {
    if (error.problems.length === 4 && error.problems.every(({ problem }) => problem === 'is missing')) {
      return (
        'no Twilio keys are configured, and NODE_ENV=production does not fall back to the development ' +
        'keys: set TWILIO_ACCOUNT_SID, TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_SERVICE_SID, or pass ' +
        '--config <file> (see --help)'
      );
    }
    const problems = error.problems.map(
      ({ key, problem }) => `${KEY_SOURCES[key].env} (${KEY_SOURCES[key].file}) ${problem}`,
    );
    return (
      `the Twilio keys are incomplete or malformed: ${problems.join('; ')}. Set the four TWILIO_* ` +
      'variables, or pass --config <file> with twilioAccountSid, twilioApiKey, twilioApiSecret and ' +
      'serviceSid (see --help); leave them all out for the development keys (not with NODE_ENV=production)'
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ');
}

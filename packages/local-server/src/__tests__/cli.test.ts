import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliUsageError, devKeys } from '@chat/server';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import {
  describeLocalStartError,
  LOCAL_CLI_HELP,
  type LocalServerCliRun,
  runLocalServerCli,
} from '../cli.js';
import { keysFromEnv } from '../keysFromEnv.js';
import { TestClient, tokenFor } from './helpers.js';

// Issue 15: `npx @chat/local-server` had no command at all, and a busy port printed a raw stack.

const fileKeys = {
  twilioAccountSid: `AC${'a'.repeat(32)}`,
  twilioApiKey: `SK${'b'.repeat(32)}`,
  twilioApiSecret: 'a-secret-from-a-key-file',
  serviceSid: `IS${'c'.repeat(32)}`,
};
const asKeys = (file: typeof fileKeys) => ({
  accountSid: file.twilioAccountSid,
  apiKey: file.twilioApiKey,
  apiSecret: file.twilioApiSecret,
  serviceSid: file.serviceSid,
});
const dir = mkdtempSync(join(tmpdir(), 'chat-local-cli-'));
const runs: LocalServerCliRun[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.server.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<LocalServerCliRun> {
  const run = await runLocalServerCli(argv, env);
  if (run === null) throw new Error('expected a server');
  runs.push(run);
  return run;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('chat-local-server (runLocalServerCli)', () => {
  test('--db and --config: keeps data in that file and accepts only tokens of those keys', async () => {
    const config = join(dir, 'keys.json');
    writeFileSync(config, JSON.stringify(fileKeys));
    const db = join(dir, 'nested', 'chat.db');
    const { server, dbPath } = await start(['--port', '0', '--db', db, '--config', config]);
    expect(dbPath).toBe(db);
    expect(existsSync(db)).toBe(true);
    const alice = await TestClient.open(server, { token: tokenFor('alice', 3600, asKeys(fileKeys)) });
    expect(await alice.call('ping')).toHaveProperty('now');
    const stranger = await TestClient.open(server);
    expect(await stranger.errorOf('hello', { token: tokenFor('mallory') })).toBe('token_invalid');
  });

  test('flags win over PORT, HOST and CHAT_DB; without flags those are used', async () => {
    const { server } = await start(['--port', '0', '--host', '127.0.0.1', '--db', ':memory:'], {
      PORT: '1',
      HOST: '0.0.0.0',
      CHAT_DB: join(dir, 'unused.db'),
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(dir, 'unused.db'))).toBe(false);
    const fromEnv = await start([], { PORT: '0', CHAT_DB: ':memory:' });
    expect(fromEnv.dbPath).toBe(':memory:');
    // No keys anywhere: the development keys, as npx @chat/server uses by default.
    expect(await (await TestClient.open(fromEnv.server, 'bob')).call('ping')).toHaveProperty('now');
  });

  test('prints the help and the version without starting', async () => {
    const printed: string[] = [];
    await expect(runLocalServerCli(['-h'], {}, (text) => printed.push(text))).resolves.toBeNull();
    await expect(runLocalServerCli(['--version'], {}, (text) => printed.push(text))).resolves.toBeNull();
    expect(printed).toEqual([LOCAL_CLI_HELP, '0.1.0']);
    expect(LOCAL_CLI_HELP).toMatch(/--port <n>.*--host <addr>.*--db <file>.*--config <file>/s);
  });

  test('refuses a bad flag or value with one line that says what to type', async () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['--dbpath', 'x'], {}, /^Unknown option '--dbpath'; see chat-local-server --help$/],
      [['--port', '65536'], {}, /^--port "65536" is not a port number: give a whole number from 0 to 65535$/],
      [[], { PORT: 'abc' }, /^PORT "abc" is not a port number/],
    ];
    for (const [argv, env, message] of cases) {
      const error = await rejection(runLocalServerCli(argv, env));
      expect(error).toBeInstanceOf(CliUsageError);
      expect(describeLocalStartError(error)).toMatch(message);
    }
  });

  test('says in one line that the port is in use, and how to choose another', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    try {
      const error = await rejection(runLocalServerCli(['--port', String(port), '--db', ':memory:'], {}));
      expect(describeLocalStartError(error)).toBe(
        `port ${port} on 127.0.0.1 is already in use: stop what is using it (another chat-local-server?), or choose another port with --port (or PORT)`,
      );
    } finally {
      busy.close();
    }
  });

  test('keys: the environment wins over the file key by key; a partial set is refused; production refuses the development secret', () => {
    expect(keysFromEnv({ TWILIO_API_SECRET: 'from-env' }, fileKeys)).toEqual({
      ...asKeys(fileKeys),
      apiSecret: 'from-env',
    });
    const { twilioApiKey: _dropped, ...partial } = fileKeys;
    expect(() => keysFromEnv({}, partial)).toThrow(
      /^local-server: set TWILIO_API_KEY \(all four TWILIO_\* variables, or the four keys of a --config file/,
    );
    const devFile = {
      twilioAccountSid: devKeys.accountSid,
      twilioApiKey: devKeys.apiKey,
      twilioApiSecret: devKeys.apiSecret,
      serviceSid: devKeys.serviceSid,
    };
    expect(() => keysFromEnv({ NODE_ENV: 'production' }, devFile)).toThrow(/public development secret/);
  });
});

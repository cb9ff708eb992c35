import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_HELP, CliUsageError, describeStartError, runCli } from '../cli.js';
import type { RunningServer } from '../startServer.js';
import { verifyAccessToken } from '../verifyAccessToken.js';
import { captureLogger } from './helpers.js';

// Issue 15: the token server could only start from this repository (`node dist/main.js`, keys in a
// config.ts compiled into dist/). The `chat-server` command takes flags, the environment and a key
// file given by path, and says what went wrong in one line.

const keys = {
  twilioAccountSid: 'AC0123456789abcdef0123456789abcdef',
  twilioApiKey: 'SK0123456789abcdef0123456789abcdef',
  twilioApiSecret: 'a-secret-from-a-key-file',
  serviceSid: 'IS0123456789abcdef0123456789abcdef',
};
const asKeys = (file: typeof keys) => ({
  accountSid: file.twilioAccountSid,
  apiKey: file.twilioApiKey,
  apiSecret: file.twilioApiSecret,
  serviceSid: file.serviceSid,
});
const dir = mkdtempSync(join(tmpdir(), 'chat-server-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Starts the CLI, asks for alice's token and returns the keys it verifies with (or throws). */
async function tokenFrom(argv: string[], env: NodeJS.ProcessEnv = {}, defaultConfigPath?: string) {
  const running = (await runCli(argv, env, {
    logger: captureLogger().logger,
    ...(defaultConfigPath ? { defaultConfigPath } : {}),
  })) as RunningServer;
  try {
    const response = await fetch(`${running.url}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"identity":"alice"}',
    });
    return { url: running.url, token: ((await response.json()) as { token: string }).token };
  } finally {
    await running.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('chat-server (runCli)', () => {
  it('listens where --port and --host say, over PORT and HOST', async () => {
    const { url } = await tokenFrom(['--port', '0', '--host', '127.0.0.1'], { PORT: '1', HOST: '0.0.0.0' });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:1$/);
  });

  it('reads the keys from --config: JSON, an ES module, a CommonJS module, TypeScript', async () => {
    const files = [
      write('keys.json', JSON.stringify(keys)),
      write('keys.mjs', `export default ${JSON.stringify(keys)};`),
      write('keys.cjs', `module.exports = ${JSON.stringify(keys)};`),
      // The seed's config.ts shape, with a type annotation Node 20 could not run by itself.
      write(
        'config.ts',
        Object.entries(keys)
          .map(([name, value]) => `export const ${name}: string = ${JSON.stringify(value)};`)
          .join('\n'),
      ),
    ];
    for (const file of files) {
      const { token } = await tokenFrom(['--port', '0', '--config', file]);
      expect(verifyAccessToken(asKeys(keys), token).identity).toBe('alice');
    }
  });

  it("reads this repository's src/config.ts when there is no --config (main.js passes its path)", async () => {
    const seedConfig = write(
      'seed-config.ts',
      Object.entries(keys)
        .map(([name, value]) => `export const ${name} = '${value}';`)
        .join('\n'),
    );
    const { token } = await tokenFrom(['--port', '0'], {}, seedConfig);
    expect(verifyAccessToken(asKeys(keys), token).identity).toBe('alice');
    // An installed package has no src/config.ts: a missing default is not an error.
    await expect(tokenFrom(['--port', '0'], {}, join(dir, 'absent.ts'))).resolves.toHaveProperty('token');
  });

  it('lets the environment win over --config, key by key', async () => {
    const secret = 'the-environment-secret';
    const { token } = await tokenFrom(['--port', '0', '--config', write('k.json', JSON.stringify(keys))], {
      TWILIO_API_SECRET: secret,
    });
    expect(verifyAccessToken({ ...asKeys(keys), apiSecret: secret }, token).identity).toBe('alice');
  });

  it('prints the help and the version without starting', async () => {
    const printed: string[] = [];
    const print = (text: string) => printed.push(text);
    const logger = captureLogger().logger;
    await expect(runCli(['--help'], {}, { logger, print })).resolves.toBeNull();
    await expect(runCli(['-v'], {}, { logger, print })).resolves.toBeNull();
    expect(printed).toEqual([CLI_HELP, '0.1.0']);
    expect(CLI_HELP).toMatch(/--port <n>.*--host <addr>.*--config <file>/s);
  });

  it('refuses a bad flag or value with one line that says what to type', async () => {
    const logger = captureLogger().logger;
    const cases: [string[], RegExp][] = [
      [['--prot', '3001'], /^Unknown option '--prot'; see chat-server --help$/],
      [['--port', '70000'], /^--port 70000 is not a port number: give a whole number from 0 to 65535$/],
      [['--port', 'http'], /^--port http is not a port number/],
      [['--port'], /^Option '--port <value>' argument missing; see chat-server --help$/],
      [['extra'], /^Unexpected argument 'extra'.*; see chat-server --help$/],
    ];
    for (const [argv, message] of cases) {
      const error = await rejection(runCli(argv, {}, { logger }));
      expect(error).toBeInstanceOf(CliUsageError);
      expect(describeStartError(error)).toMatch(message);
    }
  });

  it('names what is wrong with a key file, and never prints a secret', async () => {
    const logger = captureLogger().logger;
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /missing\.json does not exist; give the path of a JSON file like/],
      [write('bad.json', '{"twilioAccountSid": '), /bad\.json is not valid JSON/],
      [write('list.json', '[]'), /list\.json must hold an object of the Twilio keys/],
      [
        write('typo.json', JSON.stringify({ ...keys, twilioApiSid: 'SK' })),
        /typo\.json has "twilioApiSid", which is not a key name; the names are twilioAccountSid, twilioApiKey/,
      ],
      [
        write('short.json', JSON.stringify({ ...keys, twilioAccountSid: 'AC123' })),
        /^the Twilio keys are incomplete or malformed: TWILIO_ACCOUNT_SID \(twilioAccountSid\) is "AC123", expected "AC" followed by 32 hex characters\. Set the four TWILIO_\* variables, or pass --config/,
      ],
    ];
    for (const [file, message] of cases) {
      const line = describeStartError(
        await rejection(runCli(['--port', '0', '--config', file], {}, { logger })),
      );
      expect(line).toMatch(message);
      expect(line).not.toContain('\n');
      expect(line).not.toContain(keys.twilioApiSecret);
    }
  });

  it('says in one line that production needs keys', async () => {
    const error = await rejection(
      runCli(['--port', '0'], { NODE_ENV: 'production' }, { logger: captureLogger().logger }),
    );
    expect(describeStartError(error)).toMatch(
      /^no Twilio keys are configured, and NODE_ENV=production does not fall back to the development keys: set TWILIO_ACCOUNT_SID, [^\n]*--config <file>/,
    );
  });

  it('says in one line that the port is in use, and how to choose another', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    try {
      const error = await rejection(runCli(['--port', String(port)], {}, { logger: captureLogger().logger }));
      expect(describeStartError(error)).toBe(
        `port ${port} on 127.0.0.1 is already in use: stop what is using it, or choose another port with --port (or PORT)`,
      );
    } finally {
      busy.close();
    }
  });
});

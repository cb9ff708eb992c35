import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { startServer, TestClient, tokenFor } from '../../__tests__/helpers.js';

const script = fileURLToPath(new URL('./fixtures/connectAndShutdown.mjs', import.meta.url));

/** Runs the fixture; resolves with its exit code and output, or the signal if it had to be killed. */
function run(
  args: string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const child = spawn(process.execPath, [script, ...args]);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  // A process that cannot exit (an open handle) is killed before the test times out.
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, output });
    });
  });
}

describe.each(['conversations', 'chat'] as const)('%s SDK shutdown', (sdk) => {
  test('leaves nothing open: the process exits by itself after client.shutdown()', async () => {
    const server = await startServer({ twilio: { subscriptionDeliveryMs: 500 } });
    const local = await TestClient.open(server, 'alice');
    await local.call('createChannel', { name: 'room', type: 'group' });
    const result = await run([sdk, JSON.stringify(server.twilioClientOptions), tokenFor('alice')]);
    expect(result.output).toMatch(/channels 1\nshutdown \d+/);
    expect([result.code, result.signal]).toEqual([0, null]);
  });
});

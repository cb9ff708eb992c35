import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startServer, TestClient, tokenFor } from '../../__tests__/helpers.js';
import { connectSdk, nextEvent, until } from './sdkDrivers.js';

const dir = mkdtempSync(join(tmpdir(), 'local-server-twilio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['conversations', 'chat'] as const)('a server restart, seen by the %s SDK', (sdk) => {
  test('the client reconnects by itself and its subscriptions work on the new process', async () => {
    const dbPath = join(dir, `${sdk}.db`);
    const options = { dbPath, twilio: { httpCacheIntervalMs: 0, subscriptionDeliveryMs: 500 } };
    const first = await startServer(options);
    const alice = await TestClient.open(first, 'alice');
    await alice.call('createChannel', { name: 'room', type: 'group', members: ['bob'] });
    const bob = await connectSdk(sdk, first, 'bob', tokenFor('bob'));
    const [room] = await bob.subscribed();
    await room!.streams();
    await first.close();

    // Same port and file: the SDK retries its twilsock URL and re-subscribes by the sids it holds.
    const second = await startServer({ ...options, port: first.port });
    const connected = () =>
      bob.events.filter((event) => event.name === 'connectionStateChanged' && event.args[0] === 'connected')
        .length;
    await until(() => connected() >= 2, 'bob to reconnect');
    const aliceAgain = await TestClient.open(second, 'alice');
    await aliceAgain.call('sendMessage', { channel: 'room', clientId: 'after', body: 'after the restart' });
    expect((await nextEvent(bob, 'messageAdded'))[0]).toMatchObject({ index: 0, body: 'after the restart' });
    await aliceAgain.call('createChannel', { name: 'later', type: 'group', members: ['bob'] });
    await nextEvent(bob, sdk === 'conversations' ? 'conversationJoined' : 'channelJoined', (args) =>
      ['later'].includes(bob.channelOf(args[0]).uniqueName ?? ''),
    );
  });
});

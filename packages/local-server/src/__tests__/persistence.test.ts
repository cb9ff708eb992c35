import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireChannel, WireMessage } from '@chat/protocol';
import { afterAll, expect, test } from 'vitest';
import { startServer, TestClient } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'local-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a restart on a file database loses nothing that was acknowledged', async () => {
  const dbPath = join(dir, 'nested', 'chat.db');
  const first = await startServer({ dbPath });
  const alice = await TestClient.open(first, 'alice');
  const bob = await TestClient.open(first, 'bob');
  await alice.call('createChannel', { name: 'general', type: 'group', attributes: { a: 1 } });
  await bob.call('joinChannel', { name: 'general' });
  await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
  const sent: WireMessage[] = [];
  for (let i = 0; i < 5; i++) {
    const { message } = await alice.call<{ message: WireMessage }>('sendMessage', {
      channel: 'general',
      clientId: `c${i}`,
      body: `m${i}`,
      attributes: { i },
    });
    sent.push(message);
  }
  await bob.call('setReadHorizon', { channel: 'general', index: 2 });
  const before = await bob.call<{ channels: WireChannel[] }>('listChannels');
  await first.close();

  const second = await startServer({ dbPath });
  const bobAgain = await TestClient.open(second, 'bob');
  expect(await bobAgain.call('listChannels')).toEqual(before);
  const page = await bobAgain.call<{ messages: WireMessage[] }>('getMessages', {
    channel: 'general',
    pageSize: 10,
  });
  expect(page.messages).toEqual(sent);
  // Indexes continue, and a retry of an acknowledged message is still recognised.
  const aliceAgain = await TestClient.open(second, 'alice');
  const retry = await aliceAgain.call<{ message: WireMessage }>('sendMessage', {
    channel: 'general',
    clientId: 'c4',
    body: 'm4',
  });
  expect(retry.message).toEqual(sent[4]);
  const next = await aliceAgain.call<{ message: WireMessage }>('sendMessage', {
    channel: 'general',
    clientId: 'c5',
    body: 'm5',
  });
  expect(next.message.index).toBe(5);
  const bobView = await bobAgain.call<{ channel: WireChannel }>('getChannel', { name: 'general' });
  expect([bobView.channel.lastReadIndex, bobView.channel.unreadCount]).toEqual([2, 3]);
});

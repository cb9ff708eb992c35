import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireChannel } from '@chat/protocol';
import { afterAll, describe, expect, test } from 'vitest';
import { startServer, TestClient } from './helpers.js';

type Page = { channels: WireChannel[]; next: string | null };
type ChannelResult = { channel: WireChannel };

const dir = mkdtempSync(join(tmpdir(), 'local-server-departures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function names(client: TestClient): Promise<string[]> {
  return (await client.call<Page>('listChannels')).channels.map((channel) => channel.name);
}

describe('someone who left a group', () => {
  test('cannot be put back by anyone else, and can come back by joining', async () => {
    const server = await startServer();
    const mallory = await TestClient.open(server, 'mallory');
    const trent = await TestClient.open(server, 'trent');
    const victim = await TestClient.open(server, 'victim');
    await mallory.call('createChannel', { name: 'spam', type: 'group', members: ['victim', 'trent'] });
    await victim.call('leaveChannel', { name: 'spam' });

    for (const member of [mallory, trent]) {
      const reply = await member.request('addMember', { name: 'spam', identity: 'victim' });
      expect(reply.error?.code).toBe('forbidden');
      expect(reply.error?.message).toContain('"victim" left "spam"');
      expect(reply.error?.message).toContain('joinChannel');
    }
    expect(await names(victim)).toEqual([]);
    await victim.call('ping'); // a barrier: a channelAdded would have arrived before this reply
    expect(victim.named('channelAdded')).toHaveLength(1); // the creation only
    const spam = await mallory.call<ChannelResult>('getChannel', { name: 'spam' });
    expect(spam.channel.members).toEqual(['mallory', 'trent']);

    // Coming back by oneself works, and then others' adds are the usual no-op.
    await victim.call('joinChannel', { name: 'spam' });
    await mallory.call('addMember', { name: 'spam', identity: 'victim' });
    expect(await names(victim)).toEqual(['spam']);
    // Leaving again is remembered again.
    await victim.call('leaveChannel', { name: 'spam' });
    expect(await trent.errorOf('addMember', { name: 'spam', identity: 'victim' })).toBe('forbidden');
  });

  test('stays out across a restart (departures are stored)', async () => {
    const dbPath = join(dir, 'chat.db');
    const first = await startServer({ dbPath });
    const alice = await TestClient.open(first, 'alice');
    const bob = await TestClient.open(first, 'bob');
    await alice.call('createChannel', { name: 'team', type: 'group', members: ['bob'] });
    await bob.call('leaveChannel', { name: 'team' });
    await first.close();

    const second = await startServer({ dbPath });
    const aliceAgain = await TestClient.open(second, 'alice');
    expect(await aliceAgain.errorOf('addMember', { name: 'team', identity: 'bob' })).toBe('forbidden');
    const bobAgain = await TestClient.open(second, 'bob');
    await bobAgain.call('joinChannel', { name: 'team' });
    expect(await names(bobAgain)).toEqual(['team']);
  });

  test('of a private 1:1 channel can still be re-added by the peer (the only way back into it)', async () => {
    const server = await startServer();
    const alice = await TestClient.open(server, 'alice');
    const bob = await TestClient.open(server, 'bob');
    await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
    await bob.call('leaveChannel', { name: 'alice#bob' });
    await alice.call('addMember', { name: 'alice#bob', identity: 'bob' });
    expect(await names(bob)).toEqual(['alice#bob']);
  });
});

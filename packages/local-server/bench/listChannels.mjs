import { performance } from 'node:perf_hooks';
import { createAccessToken, devKeys } from '@chat/server';
import { BenchClient } from './benchClient.mjs';

const token = (identity) => createAccessToken(devKeys, identity, { ttlSeconds: 3600 });

async function inBatches(items, size, run) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

/**
 * Connect + hello + listChannels (every page) for a user in `channels` channels, each with unread
 * messages: the time from `new WebSocket` to the last parsed page, repeated `iterations` times.
 */
export async function listChannelsBench(url, { channels, messagesPerChannel, iterations }) {
  const owner = await BenchClient.connect(url);
  await owner.request('hello', { token: token('owner') });
  const reader = await BenchClient.connect(url);
  await reader.request('hello', { token: token('reader') });
  const names = Array.from({ length: channels }, (_, i) => `room-${String(i).padStart(4, '0')}`);
  await inBatches(names, 50, (name) => owner.request('createChannel', { name, type: 'group' }));
  await inBatches(names, 50, (name) => reader.request('joinChannel', { name }));
  for (let m = 0; m < messagesPerChannel; m++) {
    await inBatches(names, 50, (name) =>
      owner.request('sendMessage', { channel: name, clientId: `${name}-${m}`, body: `message ${m}` }),
    );
  }
  owner.close();
  reader.close();

  const times = [];
  let bytes = 0;
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    const client = await BenchClient.connect(url);
    await client.request('hello', { token: token('reader') });
    // Pages as @chat/react's local backend does (a server without paging answers in one go).
    const listed = [];
    bytes = 0;
    let after;
    for (;;) {
      const page = await client.request(
        'listChannels',
        after === undefined ? { limit: 200 } : { after, limit: 200 },
      );
      bytes += JSON.stringify(page).length;
      listed.push(...page.channels);
      if (typeof page.next !== 'string') break;
      after = page.next;
    }
    times.push(performance.now() - start);
    const unread = listed.reduce((sum, channel) => sum + channel.unreadCount, 0);
    if (listed.length !== channels || unread !== channels * messagesPerChannel) {
      throw new Error(`listChannels returned ${listed.length} channels / ${unread} unread`);
    }
    client.close();
  }
  times.sort((a, b) => a - b);
  return {
    channels,
    replyBytes: bytes,
    median: times[Math.floor(times.length / 2)],
    p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))],
    max: times[times.length - 1],
  };
}

import type { WsClient } from './WsClient.js';

interface Channel {
  name: string;
}

/**
 * What the given signed-in users can observe of the server: their channels (members, horizons,
 * unread counts, last messages), every group channel, and the newest 100 messages of each of
 * their channels. Two equal snapshots mean no refused request changed anything they can see.
 */
export async function snapshot(clients: readonly WsClient[]): Promise<unknown> {
  const views: unknown[] = [];
  for (const client of clients) {
    const { channels } = await client.call<{ channels: Channel[] }>('listChannels');
    const { channels: publicChannels } = await client.call<{ channels: Channel[] }>('listPublicChannels');
    const histories: Record<string, unknown> = {};
    for (const channel of channels) {
      histories[channel.name] = await client.call('getMessages', { channel: channel.name, pageSize: 100 });
    }
    views.push({ channels, publicChannels, histories });
  }
  return views;
}

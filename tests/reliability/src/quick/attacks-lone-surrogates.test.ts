import { describe, expect, test } from 'vitest';
import { attackBench } from '../attacks/attackBench.js';
import { WsClient } from '../attacks/WsClient.js';

// Found by the attack suite and fixed in @chat/local-server (it now refuses them). JSON may carry
// lone UTF-16 surrogates ("\ud800"); SQLite stores text as UTF-8, where
// they cannot exist, so what is stored differs from what the sender and the live event saw.
const bench = attackBench('faults-surrogates');

describe('strings with lone surrogates', () => {
  test('a message body is either refused or stored exactly as it was sent and broadcast', async () => {
    const server = await bench.startLocal();
    const alice = await WsClient.signIn(server.url, bench.mint('alice'));
    const bob = await WsClient.signIn(server.url, bench.mint('bob'));
    await alice.call('createChannel', { name: 'g', type: 'group', members: ['bob'] });
    const body = 'half a smiley: \ud83d';
    const reply = await alice.request('sendMessage', { channel: 'g', clientId: 'c1', body });
    if (!reply?.ok) {
      expect(reply?.error?.code).toBe('invalid_argument');
      return;
    }
    await bob.until(() => bob.named('messageAdded').length === 1);
    const live = (bob.named('messageAdded')[0]!.message as { body: string }).body;
    const { messages } = await bob.call<{ messages: Array<{ body: string }> }>('getMessages', {
      channel: 'g',
      pageSize: 1,
    });
    expect({ live, stored: messages[0]?.body }).toEqual({ live: body, stored: body });
  });

  test('a channel name is either refused or reachable by the name it was created with', async () => {
    const server = await bench.startLocal();
    const alice = await WsClient.signIn(server.url, bench.mint('alice'));
    const name = 'room \udc00';
    const reply = await alice.request('createChannel', { name, type: 'group' });
    if (!reply?.ok) {
      expect(reply?.error?.code).toBe('invalid_argument');
      return;
    }
    const { channels } = await alice.call<{ channels: Array<{ name: string }> }>('listChannels');
    expect(channels.map((channel) => channel.name)).toEqual([name]);
  });
});

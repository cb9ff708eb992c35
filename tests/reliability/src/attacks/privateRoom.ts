import type { LocalServer } from '@chat/local-server';
import type { AttackBench } from './attackBench.js';
import { WsClient } from './WsClient.js';

/** What a member of the private channel can see, and so what an outsider might have leaked. */
export interface Leaked {
  channelSid: string;
  messageSids: string[];
  clientIds: string[];
  mediaSid: string;
  mediaUrl: string;
}

/** A server with alice and bob in their private channel `alice#bob`, and mallory outside. */
export interface PrivateRoom {
  server: LocalServer;
  alice: WsClient;
  bob: WsClient;
  mallory: WsClient;
  leaked: Leaked;
}

/** Uploads `body` as alice (or `token`'s user) to `channel`; returns the response. */
export function upload(
  server: LocalServer,
  token: string,
  channel: string,
  body: string,
  type = 'text/plain',
) {
  return fetch(`${server.url}/media?channel=${encodeURIComponent(channel)}&filename=notes.txt`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
    body,
  });
}

/**
 * Builds the scene of the authorization attacks: three messages (one with a file), a read
 * horizon, and a group channel `lobby` that all three have joined. The rate limit is raised so
 * that enumerating guesses is limited by the test, not by the server's per-connection bucket.
 */
export async function privateRoom(bench: AttackBench): Promise<PrivateRoom> {
  const server = await bench.startLocal({ rateLimit: { framesPerSecond: 1e6, burst: 1e6 } });
  const aliceToken = bench.mint('alice');
  const alice = await WsClient.signIn(server.url, aliceToken);
  const bob = await WsClient.signIn(server.url, bench.mint('bob'));
  const mallory = await WsClient.signIn(server.url, bench.mint('mallory'));
  const { channel } = await alice.call<{ channel: { sid: string } }>('createChannel', {
    name: 'alice#bob',
    type: 'private',
    members: ['bob'],
  });
  const res = await upload(server, aliceToken, 'alice#bob', 'the secret plan');
  const { media } = (await res.json()) as { media: { sid: string } };
  const messageSids: string[] = [];
  const clientIds = ['a1', 'a2', 'a3'];
  for (const [i, clientId] of clientIds.entries()) {
    const { message } = await alice.call<{ message: { sid: string } }>('sendMessage', {
      channel: 'alice#bob',
      clientId,
      body: `private message ${i}`,
      ...(i === 1 ? { mediaSid: media.sid } : {}),
    });
    messageSids.push(message.sid);
  }
  await bob.call('setReadHorizon', { channel: 'alice#bob', index: 1 });
  await alice.call('createChannel', { name: 'lobby', type: 'group' });
  await bob.call('joinChannel', { name: 'lobby' });
  await mallory.call('joinChannel', { name: 'lobby' });
  const { url } = await bob.call<{ url: string }>('mediaUrl', { sid: media.sid });
  return {
    server,
    alice,
    bob,
    mallory,
    leaked: { channelSid: channel.sid, messageSids, clientIds, mediaSid: media.sid, mediaUrl: url },
  };
}

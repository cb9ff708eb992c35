import { beforeAll, describe, expect, test } from 'vitest';
import { attackBench } from '../attacks/attackBench.js';
import { type PrivateRoom, privateRoom, upload } from '../attacks/privateRoom.js';
import { snapshot } from '../attacks/snapshot.js';
import { WsClient } from '../attacks/WsClient.js';

// An outsider (mallory, signed in with a genuine token) against alice and bob's private channel:
// every operation, with the channel's name, with ids leaked from a member's view, and with guesses.
const bench = attackBench('authz');
let room: PrivateRoom;

beforeAll(async () => {
  room = await privateRoom(bench);
});

/** Every operation an outsider could try against a channel name. */
function operations(name: string, leaked: PrivateRoom['leaked']): Array<[string, Record<string, unknown>]> {
  return [
    ['getChannel', { name }],
    ['joinChannel', { name }],
    ['leaveChannel', { name }],
    ['addMember', { name, identity: 'mallory' }],
    ['addMember', { name, identity: 'carol' }],
    ['sendMessage', { channel: name, clientId: 'm1', body: 'let me in' }],
    // The idempotency key of alice's message: a member would get the stored message back.
    ['sendMessage', { channel: name, clientId: leaked.clientIds[0], body: 'x' }],
    ['sendMessage', { channel: name, clientId: 'm2', body: '', mediaSid: leaked.mediaSid }],
    ['getMessages', { channel: name, pageSize: 100 }],
    ['getMessages', { channel: name, pageSize: 1, anchor: 0 }],
    ['getMessagesAfter', { channel: name, index: -1 }],
    ['setReadHorizon', { channel: name, index: 0 }],
    ['typing', { channel: name }],
  ];
}

/** No event about the private channel ever reached mallory. */
function expectNothingAboutIt(client: WsClient): void {
  const about = client.events.filter((event) => JSON.stringify(event).includes('alice#bob'));
  expect(about).toEqual([]);
}

describe('an outsider and a private channel', () => {
  test('every operation on the channel by name is refused as if it did not exist, and changes nothing', async () => {
    const { alice, bob, mallory, leaked } = room;
    const before = await snapshot([alice, bob, mallory]);
    for (const [op, params] of operations('alice#bob', leaked)) {
      const reply = await mallory.request(op, params);
      expect(reply?.ok, op).toBe(false);
      expect(reply?.error?.code, `${op}: ${reply?.error?.message}`).toBe('channel_not_found');
      expect(reply?.error?.message).not.toMatch(/private message|secret plan|notes\.txt/);
      bench.tally.count('authz: private channel by name');
    }
    expect(await mallory.errorOf('mediaUrl', { sid: leaked.mediaSid })).toBe('channel_not_found');
    bench.tally.count('authz: media URL of a leaked sid');
    expect(await snapshot([alice, bob, mallory])).toEqual(before);
  });

  test('typing, messages and read horizons of the channel never reach the outsider', async () => {
    const { alice, bob, mallory } = room;
    await alice.call('typing', { channel: 'alice#bob' });
    await alice.call('sendMessage', { channel: 'alice#bob', clientId: 'a4', body: 'are you there' });
    await bob.call('setReadHorizon', { channel: 'alice#bob', index: 3 });
    await bob.until(() => bob.named('messageAdded').some((e) => JSON.stringify(e).includes('a4')));
    await mallory.call('ping'); // every event sent before this reply has arrived
    expectNothingAboutIt(mallory);
    const { channels } = await mallory.call<{ channels: Array<{ name: string }> }>('listPublicChannels');
    expect(channels.map((c) => c.name)).toEqual(['lobby']);
    const lobby = await mallory.call<{ channel: Record<string, unknown> }>('getChannel', { name: 'lobby' });
    // A group channel shows its members, but only the caller's own horizon.
    expect(JSON.stringify(lobby)).not.toMatch(/alice#bob/);
    bench.tally.count('authz: typing / horizon / messages observed', 3);
  });

  test('uploading to the channel or downloading its file without a valid signature is refused', async () => {
    const { server, leaked } = room;
    const malloryToken = bench.mint('mallory');
    const res = await upload(server, malloryToken, 'alice#bob', 'planted');
    expect(res.status).toBe(404);
    bench.watch.record('local-server http error body', await res.text());
    const url = new URL(leaked.mediaUrl);
    const sig = url.searchParams.get('sig')!;
    const exp = url.searchParams.get('exp')!;
    const base = `${server.url}/media/${leaked.mediaSid}`;
    const forged = [
      `${base}`,
      `${base}?exp=${exp}`,
      `${base}?exp=${exp}&sig=${'0'.repeat(64)}`,
      `${base}?exp=${Number(exp) + 3_600_000}&sig=${sig}`,
      `${base}?exp=${exp}&sig=${sig.toUpperCase()}`,
      `${base}?exp=${exp}&sig=${sig.slice(0, -2)}`,
      `${base}?exp=${exp}&sig=${sig}00`,
      `${base}?exp=${exp}&sig=${sig}&sig=${sig}`,
      `${base}?exp=-1&sig=${sig}`,
      `${base}?exp=${exp}.0&sig=${sig}`,
      `${server.url}/media/${leaked.messageSids[0]}?exp=${exp}&sig=${sig}`,
      `${server.url}/media/${leaked.mediaSid.toLowerCase().replace('me', 'ME')}x?exp=${exp}&sig=${sig}`,
    ];
    for (const target of forged) {
      const download = await fetch(target);
      const body = await download.text();
      bench.watch.record('local-server http error body', body);
      expect(download.status, target).toBe(403);
      expect(body).not.toContain('secret plan');
      bench.tally.count('authz: forged media URL');
    }
  });
});

describe('leaked ids used from a channel the outsider belongs to', () => {
  test("the private channel's file cannot be attached elsewhere, nor a member's clientId taken over", async () => {
    const { alice, mallory, leaked } = room;
    const attach = { channel: 'lobby', clientId: 'steal', body: '', mediaSid: leaked.mediaSid };
    expect(await mallory.errorOf('sendMessage', attach)).toBe('invalid_argument');
    const sent = { channel: 'lobby', clientId: 'L1', body: 'alice in the lobby' };
    const original = await alice.call<{ message: { sid: string } }>('sendMessage', sent);
    // clientIds are unique per author (issue 12): mallory's reuse stores mallory's own message,
    // reveals nothing of alice's, and alice's retry still finds hers.
    const reply = await mallory.request('sendMessage', {
      channel: 'lobby',
      clientId: 'L1',
      body: 'mine now',
    });
    expect(reply?.result?.message).toMatchObject({ author: 'mallory', body: 'mine now' });
    expect(JSON.stringify(reply)).not.toContain('alice in the lobby');
    expect((await alice.call<{ message: { sid: string } }>('sendMessage', sent)).message.sid).toBe(
      original.message.sid,
    );
    bench.tally.count('authz: leaked ids in own channel', 2);
  });

  test('no upload to a group channel one has not joined; no socket from a page on another origin', async () => {
    const { alice, server } = room;
    await alice.call('createChannel', { name: 'staff', type: 'group' });
    const res = await upload(server, bench.mint('mallory'), 'staff', 'planted');
    expect(res.status).toBe(403);
    bench.watch.record('local-server http error body', await res.text());
    await expect(WsClient.connect(server.url, { Origin: 'https://evil.example' })).rejects.toThrow(/403/);
    bench.tally.count('authz: upload without joining / foreign origin', 2);
  });
});

test('no secret or token shows up in any log or error body', () => {
  expect(bench.watch.leaks()).toEqual([]);
});

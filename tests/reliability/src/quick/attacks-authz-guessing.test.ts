import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { attackBench } from '../attacks/attackBench.js';
import { type PrivateRoom, privateRoom, upload } from '../attacks/privateRoom.js';
import { snapshot } from '../attacks/snapshot.js';
import { WsClient } from '../attacks/WsClient.js';

// Guessing instead of knowing: channel names near the private one, sids (leaked and random), and
// media URLs; then channels that pair two other users, and what leaving a channel revokes.
const bench = attackBench('authz-guessing');
let room: PrivateRoom;

beforeAll(async () => {
  room = await privateRoom(bench);
});

function guessedNames(leaked: PrivateRoom['leaked']): string[] {
  const people = ['alice', 'bob', 'carol', 'dave'];
  const pairs = people.flatMap((a) => people.filter((b) => b !== a).map((b) => `${a}#${b}`));
  const near = [
    ' alice#bob',
    'alice#bob ',
    'ALICE#BOB',
    'alice#Bob',
    'alice##bob',
    'alice#bob#',
    '#alice#bob',
  ];
  const lookalikes = [
    'alice%23bob',
    'alice\u200b#bob',
    '\u0430lice#bob',
    'alice\uff03bob',
    'alice#bob\u00a0',
  ];
  const patterns = ["alice#bob' OR '1'='1", '%', '_', '*', 'alice#%', '%#%', 'alice#bob;--'];
  const controls = ['alice#bob\u0000', 'alice\n#bob'];
  const sids = [leaked.channelSid, ...leaked.messageSids, leaked.mediaSid];
  return [...pairs, ...near, ...lookalikes, ...patterns, ...controls, ...sids];
}

const OPS: Array<(name: string) => [string, Record<string, unknown>]> = [
  (name) => ['getChannel', { name }],
  (name) => ['joinChannel', { name }],
  (name) => ['addMember', { name, identity: 'mallory' }],
  (name) => ['getMessages', { channel: name, pageSize: 100 }],
  (name) => ['getMessagesAfter', { channel: name, index: -1 }],
  (name) => ['sendMessage', { channel: name, clientId: 'guess', body: 'hi' }],
  (name) => ['setReadHorizon', { channel: name, index: 0 }],
  (name) => ['typing', { channel: name }],
];

describe('guessing ids', () => {
  test('no guessed channel name or sid opens the private channel; nothing changes', async () => {
    const { alice, bob, mallory, leaked } = room;
    const before = await snapshot([alice, bob]);
    for (const name of guessedNames(leaked)) {
      for (const op of OPS) {
        const [opName, params] = op(name);
        const code = await mallory.errorOf(opName, params);
        expect(
          ['channel_not_found', 'invalid_argument'],
          `${opName} ${JSON.stringify(name)}: ${code}`,
        ).toContain(code);
        bench.tally.count('guess: channel names and sids');
      }
    }
    expect(await snapshot([alice, bob])).toEqual(before);
  });

  test('mediaUrl answers a real sid of a private channel exactly like a sid that does not exist', async () => {
    const { mallory, leaked } = room;
    const shape = async (sid: string) => {
      const reply = await mallory.request('mediaUrl', { sid });
      return `${reply?.error?.code} ${reply?.error?.message.replace(sid, 'SID')}`;
    };
    const reference = await shape(leaked.mediaSid);
    expect(reference).toMatch(/^channel_not_found /);
    const sid = leaked.mediaSid;
    const guesses = [
      sid.toUpperCase(),
      sid.toLowerCase(),
      sid.slice(0, -1),
      `${sid}0`,
      ...leaked.messageSids,
    ];
    for (let i = 0; i < 200; i += 1) guesses.push(`ME${randomBytes(16).toString('hex')}`);
    for (const guess of guesses) {
      expect(await shape(guess), guess).toBe(reference);
      bench.tally.count('guess: media sids');
    }
  });

  test('downloads with guessed signatures are refused before the sid is looked up (same answer)', async () => {
    const { server, leaked } = room;
    const bodies = new Set<string>();
    const sids = [
      leaked.mediaSid,
      ...Array.from({ length: 60 }, () => `ME${randomBytes(16).toString('hex')}`),
    ];
    for (const sid of sids) {
      const res = await fetch(
        `${server.url}/media/${sid}?exp=${Date.now() + 60_000}&sig=${randomBytes(32).toString('hex')}`,
      );
      expect(res.status).toBe(403);
      bodies.add(await res.text());
      bench.tally.count('guess: media signatures');
    }
    expect(bodies.size).toBe(1);
    for (const body of bodies) bench.watch.record('local-server http error body', body);
  });
});

describe('channels of other people', () => {
  test('a private channel must pair the creator with one member: no channel of two other users', async () => {
    const { mallory } = room;
    const attempts: Array<Record<string, unknown>> = [
      { name: 'alice#bob', type: 'private', members: ['bob'] },
      { name: 'alice#bob', type: 'private', members: ['alice', 'bob'] },
      { name: 'bob#carol', type: 'private', members: ['bob'] },
      { name: 'bob#carol', type: 'private', members: ['carol'] },
      { name: 'bob#carol', type: 'private', members: ['bob', 'carol'] },
      { name: 'bob#carol', type: 'group', members: ['bob', 'carol'] },
      { name: 'bob#mallory', type: 'private', members: ['carol'] },
      { name: 'bob#mallory', type: 'private', members: [] },
    ];
    for (const params of attempts) {
      expect(await mallory.errorOf('createChannel', params), JSON.stringify(params)).toBe('invalid_argument');
      bench.tally.count('authz: private channel pairing others');
    }
    // Nothing was squatted: carol and bob can still open theirs.
    const carol = await WsClient.signIn(room.server.url, bench.mint('carol'));
    await carol.call('createChannel', { name: 'bob#carol', type: 'private', members: ['bob'] });
  });

  test('a member cannot add a third person to a private channel', async () => {
    expect(await room.alice.errorOf('addMember', { name: 'alice#bob', identity: 'mallory' })).toBe(
      'forbidden',
    );
    expect(await room.bob.errorOf('addMember', { name: 'alice#bob', identity: 'carol' })).toBe('forbidden');
    bench.tally.count('authz: member adds an outsider', 2);
  });
});

describe('leaving', () => {
  test('after leaving, history, sending and new media URLs are refused; an earlier URL lives until it expires', async () => {
    const { bob, leaked } = room;
    await bob.call('leaveChannel', { name: 'alice#bob' });
    for (const op of OPS) {
      const [opName, params] = op('alice#bob');
      if (opName === 'joinChannel' || opName === 'addMember') continue;
      expect(await bob.errorOf(opName, params), opName).toBe('channel_not_found');
    }
    expect(await bob.errorOf('joinChannel', { name: 'alice#bob' })).toBe('channel_not_found');
    // Named in the channel's name is not enough: only a remaining member can add him back.
    expect(await bob.errorOf('addMember', { name: 'alice#bob', identity: 'bob' })).toBe('channel_not_found');
    expect(await bob.errorOf('mediaUrl', { sid: leaked.mediaSid })).toBe('channel_not_found');
    bench.tally.count('authz: after leaving', OPS.length + 1);
    // Documented behaviour: a signed URL is a bearer capability for its lifetime (5 min by
    // default); leaving does not revoke the URLs already handed out.
    expect((await fetch(leaked.mediaUrl)).status).toBe(200);
    expect(JSON.stringify(await snapshot([bob]))).not.toContain('alice#bob');
  });

  test('a media URL stops working once it expires', async () => {
    const short = await bench.startLocal({ mediaUrlTtlMs: 50 });
    const token = bench.mint('alice');
    const alice = await WsClient.signIn(short.url, token);
    await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
    const { media } = (await (await upload(short, token, 'alice#bob', 'soon gone')).json()) as {
      media: { sid: string };
    };
    const { url, expiresAt } = await alice.call<{ url: string; expiresAt: number }>('mediaUrl', {
      sid: media.sid,
    });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 20));
    const res = await fetch(url);
    const body = await res.text();
    bench.watch.record('local-server http error body', body);
    expect(res.status).toBe(403);
    expect(body).toMatch(/expired/);
    bench.tally.count('authz: expired media URL');
  });
});

test('no secret or token shows up in any log or error body', () => {
  expect(bench.watch.leaks()).toEqual([]);
});

import type { LocalServer } from '@chat/local-server';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { attackBench } from '../attacks/attackBench.js';
import { anyFrame, exchange } from '../attacks/fuzzFrames.js';
import { snapshot } from '../attacks/snapshot.js';
import { WsClient } from '../attacks/WsClient.js';

// Property-based: arbitrary frames at the WebSocket protocol, before and after hello. The server
// must answer every frame (one reply, or a documented close), keep answering pings, and a refused
// frame must change nothing that alice, bob or mallory can observe.
const bench = attackBench('fuzz-ws');
let server: LocalServer;
let alice: WsClient;
let bob: WsClient;

beforeAll(async () => {
  server = await bench.startLocal({ rateLimit: { framesPerSecond: 1e6, burst: 1e6 } });
  alice = await WsClient.signIn(server.url, bench.mint('alice'));
  bob = await WsClient.signIn(server.url, bench.mint('bob'));
  await alice.call('createChannel', { name: 'general', type: 'group', members: ['bob'] });
  await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
  for (const channel of ['general', 'alice#bob']) {
    await alice.call('sendMessage', { channel, clientId: `first-${channel}`, body: 'hello' });
  }
});

/** The view of the private channel only: nothing mallory sends may ever touch it. */
async function privateView(): Promise<unknown> {
  return [
    await alice.call('getChannel', { name: 'alice#bob' }),
    await alice.call('getMessages', { channel: 'alice#bob', pageSize: 100 }),
  ];
}

describe('arbitrary frames at the WebSocket protocol', () => {
  test('before hello: one refusal per frame, never a success, nothing changes', async () => {
    const before = await snapshot([alice, bob]);
    let client = await WsClient.connect(server.url);
    await fc.assert(
      fc.asyncProperty(anyFrame, async ({ data, text }) => {
        bench.tally.count('fuzz ws: frames before hello');
        if (client.closeCode !== undefined) client = await WsClient.connect(server.url);
        const replies = await exchange(client, data, text);
        if (replies === 'closed') {
          // Only a refused hello may end the connection, and only with the token close codes.
          expect([4002, 4003], String(data).slice(0, 200)).toContain(client.closeCode);
          return;
        }
        expect(replies.length, String(data).slice(0, 200)).toBe(1);
        expect(replies[0]?.ok).toBe(false);
        expect(replies[0]?.error?.code).not.toBe('backend');
      }),
      { numRuns: 250 },
    );
    expect(await snapshot([alice, bob])).toEqual(before);
  });

  test('after hello: one reply per frame; a refused frame changes nothing; the private channel is never touched', async () => {
    const mallory = await WsClient.signIn(server.url, bench.mint('mallory'));
    const privateBefore = await privateView();
    let state = await snapshot([alice, bob, mallory]);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(anyFrame, async ({ data, text }) => {
        bench.tally.count('fuzz ws: frames after hello');
        const replies = await exchange(mallory, data, text);
        expect(replies, String(data).slice(0, 200)).not.toBe('closed');
        if (replies === 'closed') return;
        expect(replies.length, String(data).slice(0, 200)).toBe(1);
        const reply = replies[0]!;
        expect(reply.error?.code, reply.error?.message).not.toBe('backend');
        const next = await snapshot([alice, bob, mallory]);
        if (!reply.ok) expect(next, `${String(data).slice(0, 200)} -> ${reply.error?.code}`).toEqual(state);
        else accepted += 1;
        state = next;
      }),
      { numRuns: 200 },
    );
    expect(await privateView()).toEqual(privateBefore);
    expect(accepted).toBeGreaterThan(0);
  });

  test('odd frames: invalid UTF-8 text closes 1007, prototype keys are plain data, the server keeps serving', async () => {
    const invalid = await WsClient.signIn(server.url, bench.mint('mallory'));
    invalid.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), true);
    expect((await invalid.closed).code).toBe(1007);
    const mallory = await WsClient.signIn(server.url, bench.mint('mallory'));
    const frames = [
      { id: 1, op: '__proto__' },
      { id: 2, op: 'constructor' },
      { id: 3, op: 'toString' },
      { id: 4, op: 'listChannels', __proto__: { admin: true } },
    ];
    for (const frame of frames) expect((await exchange(mallory, JSON.stringify(frame), true)).length).toBe(1);
    const polluted =
      '{"id":5,"op":"sendMessage","channel":"general","clientId":"p","body":"x","attributes":{"__proto__":{"polluted":true}}}';
    await exchange(mallory, polluted, true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    bench.tally.count('fuzz ws: odd frames', frames.length + 2);
    const fresh = await WsClient.signIn(server.url, bench.mint('carol'));
    expect(await fresh.call('ping')).toHaveProperty('now');
    expect(await alice.call('ping')).toHaveProperty('now');
  });

  test('no internal error was logged, and no secret or token shows up anywhere', () => {
    const failures = bench.watch.captured.filter(
      (entry) => entry.source === 'local-server log' && /fail/i.test(entry.text),
    );
    expect(failures).toEqual([]);
    expect(bench.watch.leaks()).toEqual([]);
  });
});

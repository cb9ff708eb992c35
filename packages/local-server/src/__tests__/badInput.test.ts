import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { requestSchemas } from '../protocol.js';
import { startServer, TestClient } from './helpers.js';

const OPS = Object.keys(requestSchemas);

/** Alice's whole view: what bad input from someone else must never change. */
async function snapshot(alice: TestClient): Promise<unknown> {
  const channels = await alice.call<{ channels: { name: string }[] }>('listChannels');
  const histories = [];
  for (const { name } of channels.channels) {
    histories.push(await alice.call('getMessages', { channel: name, pageSize: 100 }));
  }
  return { channels, histories, public: await alice.call('listPublicChannels') };
}

async function seeded() {
  const server = await startServer({ rateLimit: false });
  const alice = await TestClient.open(server, 'alice');
  await alice.call('createChannel', { name: 'general', type: 'group' });
  await alice.call('createChannel', { name: 'alice#bob', type: 'private', members: ['bob'] });
  await alice.call('sendMessage', { channel: 'general', clientId: 'g1', body: 'hello' });
  await alice.call('sendMessage', { channel: 'alice#bob', clientId: 'p1', body: 'secret' });
  const mallory = await TestClient.open(server, 'mallory');
  return { server, alice, mallory };
}

describe('malformed frames get a typed error and change nothing', () => {
  test('bad JSON, missing ids, unknown ops, wrong types', async () => {
    const { alice, mallory } = await seeded();
    const before = await snapshot(alice);
    const cases: [string, number | null, string][] = [
      ['{not json', null, 'invalid_argument'],
      ['[1,2,3]', null, 'invalid_argument'],
      ['"hello"', null, 'invalid_argument'],
      ['{"op":"ping"}', null, 'invalid_argument'],
      ['{"id":-1,"op":"ping"}', null, 'invalid_argument'],
      ['{"id":1.5,"op":"ping"}', null, 'invalid_argument'],
      ['{"id":7,"op":"dropTables"}', 7, 'unknown_op'],
      ['{"id":8,"op":"__proto__"}', 8, 'unknown_op'],
      ['{"id":9}', 9, 'unknown_op'],
      ['{"id":10,"op":"sendMessage","channel":"general","clientId":"x","body":42}', 10, 'invalid_argument'],
      ['{"id":11,"op":"getMessages","channel":"general","pageSize":"10"}', 11, 'invalid_argument'],
      ['{"id":12,"op":"createChannel","name":"x","type":"secret"}', 12, 'invalid_argument'],
      ['{"id":13,"op":"setReadHorizon","channel":"general","index":1e300}', 13, 'invalid_argument'],
      ['{"id":14,"op":"addMember","name":"general","identity":"a#b"}', 14, 'invalid_argument'],
      ['{"id":15,"op":"joinChannel","name":"bad\\u0000name"}', 15, 'invalid_argument'],
      // Lone surrogates: UTF-8 (and SQLite) cannot hold them, so they are refused, not mangled.
      [
        '{"id":18,"op":"sendMessage","channel":"general","clientId":"f","body":"half \\ud83d"}',
        18,
        'invalid_argument',
      ],
      ['{"id":19,"op":"createChannel","name":"room \\udc00","type":"group"}', 19, 'invalid_argument'],
      [
        '{"id":20,"op":"sendMessage","channel":"general","clientId":"g","body":"x","attributes":{"\\ud800":1}}',
        20,
        'invalid_argument',
      ],
      [
        `{"id":16,"op":"sendMessage","channel":"general","clientId":"d","body":"x","attributes":{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
        16,
        'invalid_argument',
      ],
      [
        `{"id":17,"op":"sendMessage","channel":"general","clientId":"e","body":"x","attributes":{"a":"${'x'.repeat(17_000)}"}}`,
        17,
        'invalid_argument',
      ],
    ];
    for (const [frame, id, code] of cases) {
      const reply = await mallory.raw(frame);
      expect([frame, reply.id, reply.ok, reply.error?.code]).toEqual([frame, id, false, code]);
      expect(reply.error?.message).toEqual(expect.any(String));
    }
    expect(await snapshot(alice)).toEqual(before);
  });

  test('every refusal reads "<op>: <what was wrong>; <how to fix>.", a frame without a known op the bare sentence', async () => {
    const { alice, mallory } = await seeded();
    await alice.call('createChannel', { name: 'closed', type: 'group' });
    await mallory.call('joinChannel', { name: 'general' });
    const cases: [string, RegExp][] = [
      ['{not json', /^Frame is not valid JSON; send one JSON object per text frame\.$/],
      ['{"op":"ping"}', /^Frame has no usable "id"; send a JSON object with "id"/],
      ['{"id":1,"op":"dropTables"}', /^Op "dropTables" is unknown; send one of: hello, updateToken, /],
      [
        '{"id":2,"op":"sendMessage","channel":"general","clientId":"a","body":""}',
        /^sendMessage: body is empty; send text or attach a mediaSid\.$/,
      ],
      [
        '{"id":3,"op":"getMessages","channel":"nope","pageSize":10}',
        /^getMessages: no channel named "nope" that you can see; check the name, or ask a member to add you\.$/,
      ],
      [
        '{"id":4,"op":"typing","channel":"closed"}',
        /^typing: you are not a member of "closed"; join it first/,
      ],
      [
        '{"id":5,"op":"addMember","name":"general","identity":"a#b"}',
        /^addMember: identity: "a#b" contains '#' .*; choose a name without it\.$/,
      ],
      ['{"id":6,"op":"getMessages","channel":"general","pageSize":"10"}', /^getMessages: pageSize: .+\.$/],
      ['{"id":7,"op":"hello","token":"x"}', /^hello: this connection said hello already; send "updateToken"/],
    ];
    for (const [frame, expected] of cases) {
      const reply = await mallory.raw(frame);
      expect(reply.error?.message, frame).toMatch(expected);
      expect(reply.error?.message, frame).toMatch(/^\S[^;]*; [^;]+\.$/);
    }
  });

  test('a frame over 64 KiB closes the connection with 1009', async () => {
    const { alice, mallory } = await seeded();
    mallory.ws.send(JSON.stringify({ id: 1, op: 'ping', pad: 'x'.repeat(70 * 1024) }));
    expect((await mallory.closed).code).toBe(1009);
    expect(await alice.call('ping')).toEqual({ now: expect.any(Number) });
  });

  test('fuzz: arbitrary strings, JSON and ill-typed requests never crash or change anything', async () => {
    const { alice, mallory } = await seeded();
    const before = await snapshot(alice);
    const request = fc.record({
      id: fc.oneof(fc.integer(), fc.constant(null), fc.string(), fc.double()),
      op: fc.oneof(fc.constantFrom(...OPS), fc.string()),
      // Only channels Mallory can never change: joining 'general' would be a legitimate change.
      name: fc.oneof(fc.constantFrom('alice#bob', 'bob#mallory'), fc.jsonValue()),
      channel: fc.oneof(fc.constantFrom('alice#bob', 'bob#mallory'), fc.jsonValue()),
      index: fc.jsonValue(),
      pageSize: fc.jsonValue(),
      token: fc.jsonValue(),
      sid: fc.jsonValue(),
    });
    const frame = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      request.map((r) => JSON.stringify(r)),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (text) => {
        const reply = await mallory.raw(text);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(reply.error).toEqual({ code: expect.any(String), message: expect.any(String) });
        // 'backend' would mean an input reached a path that threw unexpectedly.
        expect(reply.error?.code).not.toBe('backend');
      }),
      { numRuns: 200 },
    );
    expect(await mallory.call('ping')).toEqual({ now: expect.any(Number) });
    expect(await snapshot(alice)).toEqual(before);
  });
});

describe('rate limit', () => {
  test('over the rate: rate_limited replies, then close 4008 if it keeps going', async () => {
    // A bucket that practically never refills: the outcome does not depend on timing.
    const server = await startServer({
      rateLimit: { framesPerSecond: 0.001, burst: 5, closeAfterRefused: 10 },
    });
    const client = await TestClient.open(server, 'alice'); // hello takes the first token
    const replies = await Promise.all(Array.from({ length: 13 }, () => client.request('ping')));
    expect(replies.map((r) => r.ok)).toEqual([...Array(4).fill(true), ...Array(9).fill(false)]);
    expect(new Set(replies.filter((r) => !r.ok).map((r) => r.error?.code))).toEqual(
      new Set(['rate_limited']),
    );
    client.ws.send(JSON.stringify({ id: 99, op: 'ping' }));
    expect((await client.closed).code).toBe(4008);
  });

  test('malformed frames count against the rate too', async () => {
    const server = await startServer({
      rateLimit: { framesPerSecond: 0.001, burst: 5, closeAfterRefused: 10 },
    });
    const client = await TestClient.open(server);
    for (let i = 0; i < 15; i++) client.ws.send('{not json');
    expect((await client.closed).code).toBe(4008);
    expect(client.replies.map((r) => r.error?.code)).toEqual([
      ...Array(5).fill('invalid_argument'),
      ...Array(9).fill('rate_limited'),
    ]);
  });
});

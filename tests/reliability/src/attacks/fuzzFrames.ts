import fc from 'fast-check';
import type { Reply, WsClient } from './WsClient.js';

/** Every operation of the wire protocol (README of @chat/local-server). */
export const OPS = [
  'hello',
  'updateToken',
  'listChannels',
  'listPublicChannels',
  'getChannel',
  'createChannel',
  'joinChannel',
  'leaveChannel',
  'addMember',
  'sendMessage',
  'getMessages',
  'getMessagesAfter',
  'setReadHorizon',
  'typing',
  'mediaUrl',
  'ping',
] as const;

const PARAM_KEYS = [
  'name',
  'channel',
  'identity',
  'type',
  'members',
  'clientId',
  'body',
  'attributes',
  'mediaSid',
  'pageSize',
  'anchor',
  'index',
  'limit',
  'token',
  'sid',
  'friendlyName',
  'description',
  '__proto__',
  'constructor',
];

const value = fc.oneof(
  fc.constantFrom('general', 'alice#bob', 'bob#mallory', 'alice', 'bob', 'mallory', 'group', 'private'),
  fc.constantFrom(-1, 0, 1, 99, 100, 101, 1000, 2 ** 53, -0, 1.5, 1e308, '', 'x'.repeat(300), null, true),
  fc.array(fc.constantFrom('alice', 'bob', 'carol', 'mallory', 'a#b', ''), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const id = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 1_000_000 }) },
  fc.constantFrom(0, -1, 1.5, '1', null, 2 ** 53, [], {}),
);
const op = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...OPS) },
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'HELLO', ''),
  fc.string({ maxLength: 20 }),
);

/** A request-shaped frame: a real or odd op, an odd or valid id, and parameters of any kind. */
export const requestFrame = fc
  .tuple(id, op, fc.dictionary(fc.constantFrom(...PARAM_KEYS), value, { maxKeys: 6 }))
  .map(([frameId, frameOp, params]) => JSON.stringify({ ...params, id: frameId, op: frameOp }));

const channel = fc.oneof(
  fc.constantFrom('general', 'alice#bob', 'bob#mallory', 'mallory#zed', 'lobby', 'Lobby'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const who = fc.constantFrom('alice', 'bob', 'carol', 'mallory', 'zed');
const index = fc.integer({ min: -2, max: 12 });
const attributes = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
const paramsByOp: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  listChannels: fc.constant({}),
  listPublicChannels: fc.constant({}),
  ping: fc.constant({}),
  getChannel: fc.record({ name: channel }),
  joinChannel: fc.record({ name: channel }),
  leaveChannel: fc.record({ name: channel }),
  addMember: fc.record({ name: channel, identity: who }),
  createChannel: fc.record(
    {
      name: channel,
      type: fc.constantFrom('group', 'private'),
      members: fc.array(who, { maxLength: 2 }),
      attributes,
    },
    { requiredKeys: ['name', 'type'] },
  ),
  sendMessage: fc.record(
    {
      channel,
      clientId: fc.string({ minLength: 1, maxLength: 8 }),
      body: fc.string({ maxLength: 40 }),
      attributes,
    },
    { requiredKeys: ['channel', 'clientId', 'body'] },
  ),
  getMessages: fc.record(
    { channel, pageSize: fc.integer({ min: 0, max: 101 }), anchor: index },
    { requiredKeys: ['channel', 'pageSize'] },
  ),
  getMessagesAfter: fc.record(
    { channel, index, limit: fc.integer({ min: 0, max: 1001 }) },
    { requiredKeys: ['channel', 'index'] },
  ),
  setReadHorizon: fc.record({ channel, index }),
  typing: fc.record({ channel }),
  mediaUrl: fc.record({
    sid: fc.oneof(fc.constant('ME00000000000000000000000000000000'), fc.string({ maxLength: 70 })),
  }),
};

/** A frame that is well-formed for its op most of the time, so that fuzzing reaches the handlers. */
export const wellFormedFrame = fc
  .constantFrom(...Object.keys(paramsByOp))
  .chain((name) => paramsByOp[name]!.map((params) => ({ ...params, op: name })))
  .chain((frame) =>
    fc.integer({ min: 1, max: 1_000_000 }).map((frameId) => JSON.stringify({ ...frame, id: frameId })),
  );

/** Any frame: well-formed requests, request-shaped JSON, any JSON, any text, any bytes (sent binary), deep nesting. */
export const anyFrame: fc.Arbitrary<{ data: string | Buffer; text: boolean }> = fc.oneof(
  { weight: 6, arbitrary: wellFormedFrame.map((data) => ({ data, text: true })) },
  { weight: 3, arbitrary: requestFrame.map((data) => ({ data, text: true })) },
  fc.jsonValue().map((v) => ({ data: JSON.stringify(v), text: true })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((data) => ({ data, text: true })),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ data: Buffer.from(bytes), text: false })),
  fc
    .integer({ min: 1, max: 30_000 })
    .map((depth) => ({ data: `${'['.repeat(depth)}${']'.repeat(depth)}`, text: true })),
);

let barrier = 2 ** 50;

/**
 * Sends one frame followed by a `ping` barrier and returns the replies the frame got (every reply
 * that arrived before the barrier's), or 'closed' when the server closed the socket instead.
 */
export async function exchange(
  client: WsClient,
  data: string | Buffer,
  text: boolean,
): Promise<Reply[] | 'closed'> {
  const seen = client.replies.length;
  const mark = ++barrier;
  client.send(data, text);
  client.send(JSON.stringify({ id: mark, op: 'ping' }));
  await client.until(() => client.replies.slice(seen).some((reply) => reply.id === mark));
  const after = client.replies.slice(seen);
  if (!after.some((reply) => reply.id === mark)) return 'closed';
  return after.slice(
    0,
    after.findIndex((reply) => reply.id === mark),
  );
}

import {
  channelNameProblem,
  describeNameProblem,
  identityProblem,
  MAX_ATTRIBUTES_BYTES,
  MAX_CHANGES_LIMIT,
  MAX_CHANNEL_NAME_LENGTH,
  MAX_CHANNEL_PAGE_LIMIT,
  MAX_CLIENT_ID_LENGTH,
  MAX_CREATE_MEMBERS,
  MAX_DESCRIPTION_LENGTH,
  MAX_FRIENDLY_NAME_LENGTH,
  MAX_HISTORY_PAGE_SIZE,
  MAX_MESSAGES_AFTER_LIMIT,
  MAX_SID_LENGTH,
  MAX_TOKEN_LENGTH,
  type NameKind,
  type WireOp,
  type WireParams,
} from '@chat/protocol';
import { z } from 'zod';
import { ProtocolError } from './errors.js';

/** A string that `problem` finds nothing wrong with; the issue says what is wrong and how to fix it. */
function nameSchema(problem: (value: unknown) => ReturnType<typeof identityProblem>, kind: NameKind) {
  return z.string().superRefine((value, ctx) => {
    const found = problem(value);
    if (found !== null) ctx.addIssue({ code: 'custom', message: describeNameProblem(found, value, kind) });
  });
}

/**
 * Identities: `@chat/protocol`'s rule, the token server's too: 1–128 UTF-16 code units, well-formed
 * NFC, nothing invisible, no space but U+0020 and none at either end, no `#` nor a look-alike.
 */
export const identitySchema = nameSchema(identityProblem, 'identity');

/**
 * Unique names of channels: `@chat/protocol`'s rule: 1–256 UTF-16 code units, well-formed NFC,
 * nothing invisible, no space but U+0020 and none at either end. `createChannel` adds its type's rule.
 */
export const channelNameSchema = nameSchema(channelNameProblem, 'channel');

function attributesFit(value: Record<string, unknown>): boolean {
  try {
    return Buffer.byteLength(JSON.stringify(value)) <= MAX_ATTRIBUTES_BYTES;
  } catch {
    return false; // nested too deeply to serialise
  }
}

const attributes = z
  .record(z.string(), z.unknown())
  .refine(
    attributesFit,
    `must be a JSON object of at most ${MAX_ATTRIBUTES_BYTES} bytes, not nested too deeply; send less`,
  );
const messageIndex = z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER);
// The index of a stored message (edits and deletions name one).
const storedIndex = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const friendlyName = z.string().max(MAX_FRIENDLY_NAME_LENGTH);
const description = z.string().max(MAX_DESCRIPTION_LENGTH);
const token = z.string().min(1).max(MAX_TOKEN_LENGTH);
const sid = z.string().min(1).max(MAX_SID_LENGTH);
// A channel listing's cursor is the last unique name of the previous page (any string compares).
const channelPage = z.object({
  after: z.string().max(MAX_CHANNEL_NAME_LENGTH).optional(),
  limit: z.number().int().min(1).max(MAX_CHANNEL_PAGE_LIMIT).optional(),
});

// `satisfies` makes each schema parse to (a subtype of) its op's WireParams, and lists every op
// once; `SchemasMatchProtocol` below checks the other direction.
const schemas = {
  hello: z.object({ token }),
  updateToken: z.object({ token }),
  listChannels: channelPage,
  listPublicChannels: channelPage,
  getChannel: z.object({ name: channelNameSchema }),
  createChannel: z.object({
    name: channelNameSchema,
    type: z.enum(['group', 'private']),
    friendlyName: friendlyName.optional(),
    description: description.optional(),
    attributes: attributes.optional(),
    members: z.array(identitySchema).max(MAX_CREATE_MEMBERS).optional(),
  }),
  joinChannel: z.object({ name: channelNameSchema }),
  leaveChannel: z.object({ name: channelNameSchema }),
  addMember: z.object({ name: channelNameSchema, identity: identitySchema }),
  removeMember: z.object({ name: channelNameSchema, identity: identitySchema }),
  updateChannel: z
    .object({
      name: channelNameSchema,
      // A blank name would leave the channel nothing to show; a description may be emptied.
      friendlyName: friendlyName
        .refine(
          (value) => value.trim() !== '',
          'must not be blank; send the new name, or leave friendlyName out',
        )
        .optional(),
      description: description.optional(),
    })
    .refine(
      (params) => params.friendlyName !== undefined || params.description !== undefined,
      'names nothing to change; send friendlyName, description or both',
    ),
  sendMessage: z.object({
    channel: channelNameSchema,
    clientId: z.string().min(1).max(MAX_CLIENT_ID_LENGTH),
    body: z.string(),
    attributes: attributes.optional(),
    mediaSid: sid.optional(),
  }),
  editMessage: z.object({ channel: channelNameSchema, index: storedIndex, body: z.string() }),
  deleteMessage: z.object({ channel: channelNameSchema, index: storedIndex }),
  getChanges: z.object({
    channel: channelNameSchema,
    after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    from: messageIndex.optional(),
    to: messageIndex.optional(),
    limit: z.number().int().min(1).max(MAX_CHANGES_LIMIT).optional(),
  }),
  getMessages: z.object({
    channel: channelNameSchema,
    pageSize: z.number().int().min(1).max(MAX_HISTORY_PAGE_SIZE),
    anchor: messageIndex.optional(),
  }),
  getMessagesAfter: z.object({
    channel: channelNameSchema,
    index: messageIndex,
    limit: z.number().int().min(1).max(MAX_MESSAGES_AFTER_LIMIT).optional(),
  }),
  setReadHorizon: z.object({ channel: channelNameSchema, index: z.number().int().safe() }),
  typing: z.object({ channel: channelNameSchema }),
  mediaUrl: z.object({ sid }),
  ping: z.object({}),
} satisfies { [O in WireOp]: z.ZodType<WireParams<O>> };

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** The ops of `S` whose schema does not parse to exactly their `WireParams` (never when all do). */
export type DriftedOps<S extends { [O in WireOp]: z.ZodType }> = {
  [O in WireOp]: Equals<z.output<S[O]>, WireParams<O>> extends true ? never : O;
}[WireOp];

/** Compiles only when `T` is never. */
export type NoDrift<T extends never> = T;

/**
 * Compile-time proof that every schema parses to exactly the params `@chat/protocol` declares for
 * its op: a param added, dropped or retyped on one side only fails here, naming the op.
 */
export type SchemasMatchProtocol = NoDrift<DriftedOps<typeof schemas>>;

/** The schemas as written, each with its own zod type (type tests derive drifted copies of it). */
export type RequestSchemas = typeof schemas;

/** Parameter schemas of every operation (README, "Operations"). Extra keys are ignored. */
export const requestSchemas: { readonly [O in WireOp]: z.ZodType<WireParams<O>> } = schemas;

/** A request frame that passed validation: its op, and the params of that op. */
export type ParsedRequest = { [O in WireOp]: { id: number; op: O; params: WireParams<O> } }[WireOp];

/** The op a decoded frame names when it is one of the protocol's, else null. */
export function opOf(frame: unknown): WireOp | null {
  const op = (frame as { op?: unknown }).op;
  return typeof op === 'string' && Object.hasOwn(requestSchemas, op) ? (op as WireOp) : null;
}

/** The `id` of a frame when it is usable (a positive safe integer), else null. */
export function requestId(frame: unknown): number | null {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return null;
  const id = (frame as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * Validates a decoded frame against the schema of its operation. Throws a `ProtocolError`
 * whose message names the offending field and what was expected (the connection puts the op
 * in front).
 */
export function parseRequest(frame: unknown, id: number): ParsedRequest {
  const op = opOf(frame);
  if (op === null) {
    throw new ProtocolError(
      'unknown_op',
      `op ${JSON.stringify((frame as { op?: unknown }).op)} is unknown; send one of: ${Object.keys(requestSchemas).join(', ')}.`,
    );
  }
  const result = requestSchemas[op].safeParse(frame);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'params';
    const what = issue?.message ?? 'invalid';
    // Our own checks (names, attributes) say how to fix; zod's messages ("Invalid input: …") do not.
    const text = what.includes(';')
      ? what
      : `${what.charAt(0).toLowerCase()}${what.slice(1)}; send what the README's "Operations" table lists`;
    throw new ProtocolError('invalid_argument', `${where}: ${text}.`);
  }
  // The schema of `op` parsed the frame, so its params are exactly WireParams of that op.
  return { id, op, params: result.data } as ParsedRequest;
}

import { channelNameProblem, describeNameProblem, identityProblem, type NameKind } from '@chat/protocol';
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

/** Largest attributes object, as JSON (Twilio's limit). */
export const MAX_ATTRIBUTES_BYTES = 16 * 1024;

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
    `must be a JSON object of at most ${MAX_ATTRIBUTES_BYTES} bytes, not nested too deeply`,
  );
const messageIndex = z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER);
const token = z.string().min(1).max(16_384);
const sid = z.string().min(1).max(64);
// A channel listing's cursor is the last unique name of the previous page (any string compares).
const channelPage = z.object({
  after: z.string().max(256).optional(),
  limit: z.number().int().min(1).max(200).optional(),
});

/** Parameter schemas of every operation (README, "Operations"). Extra keys are ignored. */
export const requestSchemas = {
  hello: z.object({ token }),
  updateToken: z.object({ token }),
  listChannels: channelPage,
  listPublicChannels: channelPage,
  getChannel: z.object({ name: channelNameSchema }),
  createChannel: z.object({
    name: channelNameSchema,
    type: z.enum(['group', 'private']),
    friendlyName: z.string().max(256).optional(),
    description: z.string().max(4096).optional(),
    attributes: attributes.optional(),
    members: z.array(identitySchema).max(100).optional(),
  }),
  joinChannel: z.object({ name: channelNameSchema }),
  leaveChannel: z.object({ name: channelNameSchema }),
  addMember: z.object({ name: channelNameSchema, identity: identitySchema }),
  sendMessage: z.object({
    channel: channelNameSchema,
    clientId: z.string().min(1).max(64),
    body: z.string(),
    attributes: attributes.optional(),
    mediaSid: sid.optional(),
  }),
  getMessages: z.object({
    channel: channelNameSchema,
    pageSize: z.number().int().min(1).max(100),
    anchor: messageIndex.optional(),
  }),
  getMessagesAfter: z.object({
    channel: channelNameSchema,
    index: messageIndex,
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  setReadHorizon: z.object({ channel: channelNameSchema, index: z.number().int().safe() }),
  typing: z.object({ channel: channelNameSchema }),
  mediaUrl: z.object({ sid }),
  ping: z.object({}),
} as const;

/** Name of an operation. */
export type Op = keyof typeof requestSchemas;
/** Validated parameters of operation `O`. */
export type Params<O extends Op> = z.infer<(typeof requestSchemas)[O]>;

/** A request frame that passed validation. */
export interface ParsedRequest {
  id: number;
  op: Op;
  params: unknown;
}

/** The `id` of a frame when it is usable (a positive safe integer), else null. */
export function requestId(frame: unknown): number | null {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return null;
  const id = (frame as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * Validates a decoded frame against the schema of its operation. Throws a `ProtocolError`
 * whose message names the offending field and what was expected.
 */
export function parseRequest(frame: unknown, id: number): ParsedRequest {
  const op = (frame as { op?: unknown }).op;
  if (typeof op !== 'string' || !Object.hasOwn(requestSchemas, op)) {
    throw new ProtocolError(
      'unknown_op',
      `Unknown op ${JSON.stringify(op)}; expected one of: ${Object.keys(requestSchemas).join(', ')}.`,
    );
  }
  const result = requestSchemas[op as Op].safeParse(frame);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ProtocolError('invalid_argument', `${op}: ${where}${issue?.message ?? 'invalid parameters'}`);
  }
  return { id, op: op as Op, params: result.data };
}

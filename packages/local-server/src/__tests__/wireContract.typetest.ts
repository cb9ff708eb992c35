// Type tests of the wire contract: checked by `tsc -p tsconfig.json` (the package's `typecheck`,
// which `npm test` runs), never run. Each `@ts-expect-error` marks code that must NOT compile: if a
// change lets it compile, the directive is unused and the typecheck fails.
import type { WireParams } from '@chat/protocol';
import { z } from 'zod';
import { type HandlerTable, handlers } from '../handlers/handlers.js';
import type { Hub } from '../hub.js';
import type { DriftedOps, NoDrift, RequestSchemas } from '../protocol.js';

declare const schemas: RequestSchemas;
declare const hub: Hub;

// The schemas as they are match the protocol (the same check protocol.ts makes).
export type AsWritten = NoDrift<DriftedOps<RequestSchemas>>;

// A param the protocol does not declare: `satisfies` alone lets an extra key through.
const extraParam = { ...schemas, sendMessage: schemas.sendMessage.extend({ pinned: z.boolean() }) };
// @ts-expect-error: sendMessage drifted
export type ExtraParam = NoDrift<DriftedOps<typeof extraParam>>;

// A declared param the schema dropped: the server would silently ignore it.
const droppedParam = { ...schemas, sendMessage: schemas.sendMessage.omit({ mediaSid: true }) };
// @ts-expect-error: sendMessage drifted
export type DroppedParam = NoDrift<DriftedOps<typeof droppedParam>>;

// An optional param made required: clients that omit it would be refused.
const madeRequired = { ...schemas, getMessages: schemas.getMessages.required({ anchor: true }) };
// @ts-expect-error: getMessages drifted
export type MadeRequired = NoDrift<DriftedOps<typeof madeRequired>>;

// A param of another type.
const retyped = { ...schemas, setReadHorizon: z.object({ channel: z.string(), index: z.string() }) };
// @ts-expect-error: setReadHorizon drifted
export type Retyped = NoDrift<DriftedOps<typeof retyped>>;

// An op without a handler.
const { mediaUrl: _dropped, ...withoutMediaUrl } = handlers;
// @ts-expect-error: mediaUrl is missing
export const missingHandler: HandlerTable = withoutMediaUrl;

// A handler whose result is not its op's.
// @ts-expect-error: typing's result is {}
export const wrongResult: HandlerTable = { ...handlers, typing: () => ({ typing: true }) };

// The handler of another op.
// @ts-expect-error: typing gets { channel }, not sendMessage's params
export const wrongHandler: HandlerTable = { ...handlers, typing: handlers.sendMessage };

// The params of an op are what the protocol declares.
export const sendParams: WireParams<'sendMessage'> = { channel: 'general', clientId: 'c1', body: 'hi' };
// @ts-expect-error: body is required
export const noBody: WireParams<'sendMessage'> = { channel: 'general', clientId: 'c1' };

// Events the protocol does not declare cannot be pushed, nor declared ones with wrong data.
export const pushUnknown = () =>
  // @ts-expect-error: no such event
  hub.toUser('alice', { event: 'messageEdited', sid: 'IM1' });
export const pushWrongData = () =>
  // @ts-expect-error: memberJoined carries channel and identity
  hub.toMembers(['alice'], { event: 'memberJoined', channel: 'general' });

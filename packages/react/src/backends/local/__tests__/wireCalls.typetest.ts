// Type tests of the client's side of the wire: checked by `tsc -p tsconfig.json` (the package's
// `typecheck`, which `npm test` runs), never run. Each `@ts-expect-error` marks code that must NOT
// compile: if a change lets it compile, the directive is unused and the typecheck fails.
import type { WireEvent } from '@chat/protocol';
import type { RpcSocket } from '../RpcSocket.js';

declare const socket: RpcSocket;

// A call's params and result are those `@chat/protocol` declares for its op.
export async function typedCalls(): Promise<number> {
  const { message } = await socket.request('sendMessage', { channel: 'general', clientId: 'c', body: 'hi' });
  const page = await socket.request('getMessagesAfter', { channel: 'general', index: -1 });
  const more: boolean = page.hasMore;
  // @ts-expect-error: getMessagesAfter answers hasMore, not hasOlder
  page.hasOlder;
  return more ? message.index : page.messages.length;
}

// @ts-expect-error: sendMessage needs a body
export const noBody = () => socket.request('sendMessage', { channel: 'general', clientId: 'c' });

// @ts-expect-error: the index is a number
export const badIndex = () => socket.request('setReadHorizon', { channel: 'general', index: '3' });

// @ts-expect-error: the protocol has no such op (yet)
export const unknownOp = () => socket.request('editMessage', { sid: 'IM1', body: 'hi' });

// An event is one of the protocol's, with its own data.
export const typing: WireEvent = { event: 'typingStarted', channel: 'general', identity: 'bob' };
// @ts-expect-error: messageAdded carries a message
export const noMessage: WireEvent = { event: 'messageAdded', channel: 'general' };

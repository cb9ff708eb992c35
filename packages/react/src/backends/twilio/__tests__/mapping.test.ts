// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../core/errors.js';
import { conversationsMessage } from '../conversationsChannel.js';
import { mapConnectionState } from '../mapConnectionState.js';
import { readAttributes } from '../readAttributes.js';
import { isConflict, toChatError } from '../toChatError.js';

/** What the SDKs reject with when Twilio answers an error: twilsock's TwilsockUpstreamError shape. */
function upstream(status: number, code: number, message: string): Error {
  return Object.assign(new Error(message), { status, body: { status, code, message } });
}

describe('mapConnectionState', () => {
  it.each([
    ['connecting', false, 'connecting'],
    ['connected', false, 'connected'],
    ['disconnecting', false, 'reconnecting'],
    ['disconnected', false, 'reconnecting'],
    ['disconnecting', true, 'disconnected'],
    ['disconnected', true, 'disconnected'],
    ['retrying', false, 'reconnecting'],
    ['denied', false, 'denied'],
    // twilsock reports its internal `error` state as `connecting`; the SDK types list it anyway.
    ['error', false, null],
    ['unknown', false, null],
  ])('%s (shutting down: %s) → %s', (state, shuttingDown, expected) => {
    expect(mapConnectionState(state, shuttingDown)).toBe(expected);
  });
});

describe('toChatError', () => {
  it.each([
    [upstream(409, 50353, 'exists'), 'backend'],
    [upstream(404, 50350, 'Conversation not found'), 'channel_not_found'],
    [upstream(404, 50300, 'Channel not found'), 'channel_not_found'],
    [upstream(403, 50400, 'nope'), 'not_member'],
    [upstream(403, 50107, 'User unauthorized for command'), 'forbidden'],
    [upstream(400, 20001, 'bad body'), 'invalid_argument'],
    [upstream(401, 20104, 'expired'), 'token_expired'],
    [upstream(401, 20101, 'invalid'), 'token_invalid'],
    // twilsock's and twilio-sync's errors for requests that got no answer (no status, no code).
    [new Error("request 'POST' to 'aim.us1.twilio.com' timed out"), 'network'],
    [new Error('Unable to connect: Connection is not initialized'), 'network'],
    [
      Object.assign(new Error('Twilsock: request timeout: 7 (status: 0, code: 0)'), { status: 0, code: 0 }),
      'network',
    ],
    [new TypeError("Cannot read properties of undefined (reading 'then')"), 'backend'],
    ['a string', 'backend'],
  ])('%s → %s', (error, code) => {
    const chatError = toChatError(error, 'op');
    expect(chatError).toBeInstanceOf(ChatError);
    expect(chatError.code).toBe(code);
    expect(chatError.message).toMatch(/^op: /);
  });

  it("sees a conflict in HTTP 409 whatever the code, or in either API's code", () => {
    expect(isConflict(upstream(409, 50999, 'new code'), 'nameTaken')).toBe(true);
    expect(isConflict({ body: { code: 50307 } }, 'nameTaken')).toBe(true);
    expect(isConflict({ body: { code: 50433 } }, 'alreadyMember')).toBe(true);
    expect(isConflict(upstream(404, 50350, 'not found'), 'nameTaken')).toBe(false);
  });

  it('passes a ChatError through', () => {
    const error = new ChatError('not_member', 'x');
    expect(toChatError(error, 'op')).toBe(error);
  });
});

describe('readAttributes', () => {
  it('reads objects and JSON strings, and anything else as empty', () => {
    expect(readAttributes({ clientId: 'a' })).toEqual({ clientId: 'a' });
    expect(readAttributes('{"clientId":"b"}')).toEqual({ clientId: 'b' });
    expect(readAttributes('not json')).toEqual({});
    expect(readAttributes(null)).toEqual({});
    expect(readAttributes([1])).toEqual({});
  });
});

describe('conversationsMessage', () => {
  const base = {
    sid: 'IM1',
    index: 4,
    author: 'ann',
    dateCreated: new Date(0),
    conversation: { sid: 'CH1', uniqueName: 'room' },
  };

  it('keeps the caption of a media message sent through twilio-chat (text in attributes)', () => {
    const media = {
      sid: 'ME1',
      filename: 'a.png',
      contentType: 'image/png',
      size: 3,
      getContentTemporaryUrl: async () => 'u',
    };
    const message = conversationsMessage({
      ...base,
      body: null,
      attributes: { clientId: 'c', body: 'caption' },
      attachedMedia: [media],
    });
    expect(message).toMatchObject({ channel: 'room', clientId: 'c', body: 'caption', media: { sid: 'ME1' } });
  });

  it('falls back to the SID for a conversation without a unique name, and nulls to empty values', () => {
    const message = conversationsMessage({
      ...base,
      author: null,
      body: null,
      attributes: null,
      attachedMedia: null,
      conversation: { sid: 'CH1', uniqueName: null },
    });
    expect(message).toMatchObject({ channel: 'CH1', author: '', body: '', clientId: null, media: null });
  });

  it('rejects url() with a ChatError when Twilio gives no URL', async () => {
    const media = {
      sid: 'ME1',
      filename: null,
      contentType: 'x/y',
      size: 1,
      getContentTemporaryUrl: async () => null,
    };
    const message = conversationsMessage({ ...base, body: '', attributes: {}, attachedMedia: [media] });
    expect(message.media?.filename).toBe('file');
    await expect(message.media?.url()).rejects.toBeInstanceOf(ChatError);
  });
});

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../core/errors.js';
import { conversationsMessage } from '../conversationsChannel.js';
import { mapConnectionState } from '../mapConnectionState.js';
import { readAttributes } from '../readAttributes.js';
import { toChatError } from '../toChatError.js';
import { FakeTwilioError } from './fakes/FakeService.js';

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
    ['error', false, 'error'],
    ['unknown', false, null],
  ])('%s (shutting down: %s) → %s', (state, shuttingDown, expected) => {
    expect(mapConnectionState(state, shuttingDown)).toBe(expected);
  });
});

describe('toChatError', () => {
  it.each([
    [new FakeTwilioError(409, 50353, 'exists'), 'backend'],
    [new FakeTwilioError(404, 50350, 'Conversation not found'), 'channel_not_found'],
    [new FakeTwilioError(403, 50400, 'nope'), 'forbidden'],
    [new FakeTwilioError(401, 20104, 'expired'), 'token_expired'],
    [new FakeTwilioError(401, 20101, 'invalid'), 'token_invalid'],
    [new TypeError("Cannot read properties of undefined (reading 'then')"), 'backend'],
    ['a string', 'backend'],
  ])('%s → %s', (error, code) => {
    const chatError = toChatError(error, 'op');
    expect(chatError).toBeInstanceOf(ChatError);
    expect(chatError.code).toBe(code);
    expect(chatError.message).toMatch(/^op: /);
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

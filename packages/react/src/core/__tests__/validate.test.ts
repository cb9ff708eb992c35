// @vitest-environment node
import { MAX_BODY_BYTES as SERVER_MAX_BODY_BYTES } from '@chat/protocol';
import { describe, expect, it } from 'vitest';
import { validateIndex, validateMessage } from '../../backends/twilio/validateInput.js';
import { ChatError } from '../errors.js';
import { privateChannelName, validateGroupName } from '../newChannel.js';
import {
  MAX_BODY_BYTES,
  utf8Length,
  validateChannelName,
  validateIdentity,
  validateOutgoing,
  validatePage,
} from '../validate.js';
import { connected, codeOf as rejectionCode, startServer, storeFor, tokenFor } from './harness.js';

/** Names the servers refuse (issue 12, findings 5 and 6): the store refuses them before sending. */
const INVISIBLE_OR_MALFORMED = [
  'eve\ud800', // lone surrogate: stored as U+FFFD, so another identity after a restart
  'alice\u200b', // zero-width space
  'ali\u202ece', // right-to-left override
  '\ufeffalice', // BOM
  'alice\u2028', // line separator
  'alice\u00a0b', // no-break space
  ' alice', // leading space
  'cafe\u0301', // not NFC
];
const HASH_LOOK_ALIKES = [
  'alice\uff03bob',
  'alice\ufe5fbob',
  'alice\u266fbob',
  'alice\u2317bob',
  'alice\u22d5bob',
];

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ChatError);
    return (error as ChatError).code;
  }
  throw new Error('expected a throw');
};

describe('validate', () => {
  it('accepts identities of 1–128 characters without # or control characters', () => {
    expect(validateIdentity('alice')).toBe('alice');
    expect(validateIdentity('x'.repeat(128))).toBe('x'.repeat(128));
    expect(validateIdentity('Зоя ✓')).toBe('Зоя ✓');
    for (const bad of ['', 'x'.repeat(129), 'a#b', 'a\nb', 'a\u0000', 'a\u007f', 42, null, undefined]) {
      expect(codeOf(() => validateIdentity(bad))).toBe('invalid_argument');
    }
  });

  it('refuses identities with lone surrogates, invisible characters, odd spaces, non-NFC text or a look-alike of #', () => {
    expect(validateIdentity('Zoë Ω')).toBe('Zoë Ω');
    for (const bad of [...INVISIBLE_OR_MALFORMED, ...HASH_LOOK_ALIKES]) {
      expect(codeOf(() => validateIdentity(bad))).toBe('invalid_argument');
    }
    expect(() => validateIdentity('alice\u200b')).toThrow(/U\+200B/);
  });

  it('refuses such channel names, and group names with # or a look-alike of it', () => {
    for (const bad of INVISIBLE_OR_MALFORMED) {
      expect(codeOf(() => validateChannelName(bad))).toBe('invalid_argument');
      expect(codeOf(() => validateGroupName(bad))).toBe('invalid_argument');
    }
    expect(validateGroupName('general')).toBe('general');
    for (const bad of ['alice#bob', ...HASH_LOOK_ALIKES]) {
      expect(codeOf(() => validateGroupName(bad))).toBe('invalid_argument');
    }
    expect(() => validateGroupName('alice\uff03bob')).toThrow(/U\+FF03/);
  });

  it('says what was wrong in the message', () => {
    expect(() => validateIdentity('a#b')).toThrow(/'#'/);
    expect(() => validateIdentity('')).toThrow(/1–128/);
  });

  it('checks channel names', () => {
    expect(validateChannelName('general')).toBe('general');
    expect(validateChannelName('alice#bob')).toBe('alice#bob');
    for (const bad of ['', 'x'.repeat(257), 'a\tb', 7]) {
      expect(codeOf(() => validateChannelName(bad))).toBe('invalid_argument');
    }
  });

  it('counts UTF-8 bytes like TextEncoder', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a😀b€é', '\ud800', 'x\udc00y']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('refuses empty and over-32-KiB text, measured in bytes', () => {
    expect(MAX_BODY_BYTES).toBe(SERVER_MAX_BODY_BYTES); // the local server's limit, the same
    expect(validateOutgoing('hi')).toEqual({ body: 'hi', file: null });
    expect(validateOutgoing('x'.repeat(MAX_BODY_BYTES)).body).toHaveLength(MAX_BODY_BYTES);
    expect(codeOf(() => validateOutgoing(''))).toBe('invalid_argument');
    expect(codeOf(() => validateOutgoing('   \n'))).toBe('invalid_argument');
    expect(codeOf(() => validateOutgoing('x'.repeat(MAX_BODY_BYTES + 1)))).toBe('invalid_argument');
    // 16,385 two-byte characters: fewer characters than the limit, more bytes.
    expect(codeOf(() => validateOutgoing('é'.repeat(MAX_BODY_BYTES / 2 + 1)))).toBe('invalid_argument');
    expect(codeOf(() => validateOutgoing(42))).toBe('invalid_argument');
  });

  it('takes a FormData with a file field, and an optional body or message text', () => {
    const form = new FormData();
    form.set('file', new Blob(['png'], { type: 'image/png' }), 'cat.png');
    form.set('message', 'look');
    const { body, file } = validateOutgoing(form);
    expect(body).toBe('look');
    expect(file).toMatchObject({ filename: 'cat.png', contentType: 'image/png' });
    expect(file?.data.size).toBe(3);

    const noFile = new FormData();
    noFile.set('body', 'text only');
    expect(codeOf(() => validateOutgoing(noFile))).toBe('invalid_argument');
    const stringFile = new FormData();
    stringFile.set('file', 'not a blob');
    expect(codeOf(() => validateOutgoing(stringFile))).toBe('invalid_argument');
  });

  it('checks page sizes and anchors', () => {
    expect(() => validatePage(30, undefined)).not.toThrow();
    expect(() => validatePage(1, 0)).not.toThrow();
    for (const [size, anchor] of [
      [0, undefined],
      [101, undefined],
      [1.5, undefined],
      [30, -1],
      [30, 2.5],
      ['30', undefined],
    ] as const) {
      expect(codeOf(() => validatePage(size, anchor))).toBe('invalid_argument');
    }
  });

  it('checks what a backend is given: anchors and indexes from -1, messages with a client id', () => {
    expect(() => validatePage(30, -1, -1)).not.toThrow();
    expect(codeOf(() => validatePage(30, -2, -1))).toBe('invalid_argument');
    expect(validateIndex(-1)).toBe(-1);
    for (const index of [-2, 0.5, '3', null])
      expect(codeOf(() => validateIndex(index))).toBe('invalid_argument');
    const file = { data: new Blob(['x']), filename: 'x.txt', contentType: 'text/plain' };
    expect(() => validateMessage({ clientId: 'c', body: 'hi', file: null })).not.toThrow();
    expect(() => validateMessage({ clientId: 'c', body: '', file })).not.toThrow();
    for (const message of [
      { clientId: '', body: 'hi', file: null },
      { clientId: 'c'.repeat(65), body: 'hi', file: null },
      { clientId: 'c', body: '  ', file: null },
      { clientId: 'c', body: 'x'.repeat(MAX_BODY_BYTES + 1), file: null },
      { clientId: 'c', body: 7, file: null },
      { clientId: 'c', body: '', file: { ...file, data: 'bytes' } },
      null,
    ]) {
      expect(codeOf(() => validateMessage(message as never))).toBe('invalid_argument');
    }
  });

  it('names a private channel by both identities sorted, joined by #', () => {
    expect(privateChannelName('bob', 'alice')).toBe('alice#bob');
    expect(privateChannelName('alice', 'bob')).toBe('alice#bob');
    expect(privateChannelName('Zed', 'adam')).toBe(['Zed', 'adam'].sort().join('#'));
  });
});

describe('the store refuses bad names before sending anything', () => {
  it('connect() with an identity no server accepts', async () => {
    const server = await startServer();
    for (const bad of [...INVISIBLE_OR_MALFORMED, ...HASH_LOOK_ALIKES]) {
      const ops: string[] = [];
      let asked = 0;
      const store = storeFor(server.url, { ops });
      const getToken = async () => {
        asked += 1;
        return tokenFor('alice');
      };
      expect(await rejectionCode(store.getState().connect(getToken, bad))).toBe('invalid_argument');
      expect(asked).toBe(0);
      expect(ops).toEqual([]);
    }
  });

  it('group names that pass for a private chat, names with hidden characters, and such peers', async () => {
    const server = await startServer();
    const ops: string[] = [];
    const alice = await connected(server.url, 'alice', { ops });
    const sent = ops.length;
    for (const name of ['alice#bob', ...HASH_LOOK_ALIKES, ...INVISIBLE_OR_MALFORMED]) {
      expect(await rejectionCode(alice.getState().createGroupChannel(name))).toBe('invalid_argument');
    }
    for (const name of INVISIBLE_OR_MALFORMED) {
      expect(await rejectionCode(alice.getState().joinChannel(name))).toBe('invalid_argument');
    }
    for (const peer of [...INVISIBLE_OR_MALFORMED, ...HASH_LOOK_ALIKES]) {
      expect(await rejectionCode(alice.getState().createPrivateChannel(peer))).toBe('invalid_argument');
    }
    expect(ops.length).toBe(sent);
    expect(alice.getState().channels).toEqual({});
  });
});

describe('ChatError', () => {
  it('says how to fix the input in development, and carries its code as the message when a production build dropped that text', () => {
    const error = (() => {
      try {
        validateIdentity('');
      } catch (caught) {
        return caught as ChatError;
      }
      throw new Error('validateIdentity("") did not throw');
    })();
    expect(error.message).toContain('1–128 characters');
    const stripped = new ChatError('invalid_argument', '');
    expect(stripped.message).toBe('invalid_argument');
    expect(String(stripped)).toBe('ChatError: invalid_argument');
  });
});

import {
  channelNameProblem,
  describeNameProblem,
  identityProblem,
  type NameKind,
  type NameProblem,
} from '@chat/protocol';
import type { OutgoingFile } from './backend.js';
import { ChatError } from './errors.js';

/**
 * Longest message body, in UTF-8 bytes: Twilio's limit and the local server's (`MAX_BODY_BYTES` of
 * `@chat/protocol`, which a test holds this to). Written out, not imported: the store's chunk and
 * the local backend's would otherwise share a chunk of their own for one number.
 */
export const MAX_BODY_BYTES = 32 * 1024;

/** An `invalid_argument` ChatError. */
export const invalid = (message: string): ChatError => new ChatError('invalid_argument', message);

/** How a bad value is named in a message: a string quoted, anything else by its type. */
export const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : typeof value;

// The name rules are @chat/protocol's, the servers' own; it is inlined into this bundle, and the
// signatures below are declared here so that no published type mentions it.

/**
 * Returns `value` as a name, or throws `invalid_argument` saying what `problem` is (in development).
 * @internal for the name checks of this package (its types are @chat/protocol's, which is inlined)
 */
export function checkName(value: unknown, what: string, problem: NameProblem | null, kind: NameKind): string {
  if (problem !== null) {
    throw invalid(
      process.env.NODE_ENV !== 'production' ? `${what} ${describeNameProblem(problem, value, kind)}.` : '',
    );
  }
  return value as string;
}

/**
 * Checks an identity: 1–128 UTF-16 code units, well-formed NFC, nothing invisible, no space but
 * U+0020 and none at either end, no '#' nor a look-alike of it. Returns it.
 */
export const validateIdentity = (value: unknown, what = 'user'): string =>
  checkName(value, what, identityProblem(value), 'identity');

/** Checks a channel's unique name: 1–256 UTF-16 code units, with the identities' rule but '#'. Returns it. */
export const validateChannelName = (value: unknown): string =>
  checkName(value, 'A channel name', channelNameProblem(value), 'channel');

/** UTF-8 length of a text. */
export const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/** Checks a message body: a string of at most 32 KiB (UTF-8), not blank unless a file goes with it. */
export function validateBody(body: unknown, withFile: boolean): string {
  if (typeof body !== 'string')
    throw invalid(
      process.env.NODE_ENV !== 'production' ? `A message body is a string; got ${show(body)}.` : '',
    );
  if (!withFile && !body.trim())
    throw invalid(
      process.env.NODE_ENV !== 'production' ? 'The message is empty; type some text or attach a file.' : '',
    );
  if (utf8Length(body) > MAX_BODY_BYTES)
    throw invalid(
      process.env.NODE_ENV !== 'production' ? 'The message is over 32 KiB of UTF-8; split it.' : '',
    );
  return body;
}

/**
 * Turns `sendMessage`'s argument into a body and an optional file, refusing bad input before anything
 * is sent: an empty or over-32-KiB text, a FormData without a Blob in its `file` field.
 */
export function validateOutgoing(message: unknown): { body: string; file: OutgoingFile | null } {
  if (typeof message === 'string') return { body: validateBody(message, false), file: null };
  const data = typeof FormData !== 'undefined' && message instanceof FormData ? message.get('file') : null;
  if (!(data instanceof Blob)) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? "A message is a string, or a FormData whose 'file' field is a File or Blob."
        : '',
    );
  }
  const form = message as FormData;
  const text = form.get('body') ?? form.get('message');
  return {
    body: validateBody(typeof text === 'string' ? text : '', true),
    file: {
      data,
      filename: (data as File).name || 'file',
      contentType: data.type || 'application/octet-stream',
    },
  };
}

/**
 * Checks `getMessages`' page size (1–100) and optional anchor (an index ≥ `lowest`: 0 for the store;
 * backends also take -1, "before the first message", as the wire protocol does).
 */
export function validatePage(pageSize: unknown, anchor: unknown, lowest = 0): void {
  const index = (n: unknown, min: number): boolean => Number.isInteger(n) && (n as number) >= min;
  if (!index(pageSize, 1) || (pageSize as number) > 100 || (anchor !== undefined && !index(anchor, lowest))) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `getMessages() takes a page size of 1–100 and an optional index ≥ ${lowest}; got ${pageSize}, ${anchor}.`
        : '',
    );
  }
}

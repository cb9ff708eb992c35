import type { OutgoingFile } from './backend.js';
import { ChatError } from './errors.js';

/** Longest message body, in UTF-8 bytes (the servers' limit). */
export const MAX_BODY_BYTES = 32 * 1024;

// C0 controls, DEL and C1 controls: never valid in identities or channel names.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** An `invalid_argument` ChatError. */
export const invalid = (message: string): ChatError => new ChatError('invalid_argument', message);

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : typeof value);

/** Checks a name: a string of 1–`max` characters without control characters (and, for identities, '#'). */
function checkName(value: unknown, what: string, max: number, hash: boolean): string {
  if (
    typeof value !== 'string' ||
    !value ||
    value.length > max ||
    CONTROL.test(value) ||
    (!hash && value.includes('#'))
  ) {
    throw invalid(
      `${what} must be 1–${max} characters without control characters${hash ? '' : " or '#'"}; got ${show(value)}.`,
    );
  }
  return value;
}

/** Checks an identity: 1–128 characters, no '#', no control characters. Returns it. */
export const validateIdentity = (value: unknown, what = 'user'): string => checkName(value, what, 128, false);

/** Checks a channel's unique name: 1–256 characters, no control characters. Returns it. */
export const validateChannelName = (value: unknown): string => checkName(value, 'A channel name', 256, true);

/** Checks an optional description. Returns it ('' when omitted). */
export function validateDescription(value: unknown): string {
  if (value == null) return '';
  if (typeof value !== 'string') throw invalid(`description must be a string; got ${show(value)}.`);
  return value;
}

/** UTF-8 length of a text. */
export const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

function checkBody(body: string): string {
  if (utf8Length(body) > MAX_BODY_BYTES) throw invalid('The message is over 32 KiB of UTF-8; split it.');
  return body;
}

/**
 * Turns `sendMessage`'s argument into a body and an optional file, refusing bad input before anything
 * is sent: an empty or over-32-KiB text, a FormData without a Blob in its `file` field.
 */
export function validateOutgoing(message: unknown): { body: string; file: OutgoingFile | null } {
  if (typeof message === 'string') {
    if (!message.trim()) throw invalid('The message is empty; type some text or attach a file.');
    return { body: checkBody(message), file: null };
  }
  const data = typeof FormData !== 'undefined' && message instanceof FormData ? message.get('file') : null;
  if (!(data instanceof Blob)) {
    throw invalid("A message is a string, or a FormData whose 'file' field is a File or Blob.");
  }
  const form = message as FormData;
  const text = form.get('body') ?? form.get('message');
  return {
    body: checkBody(typeof text === 'string' ? text : ''),
    file: {
      data,
      filename: (data as File).name || 'file',
      contentType: data.type || 'application/octet-stream',
    },
  };
}

/** Checks `getMessages`' page size (1–100) and optional anchor (an index ≥ 0). */
export function validatePage(pageSize: unknown, anchor: unknown): void {
  const index = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0;
  if (
    !index(pageSize) ||
    !pageSize ||
    (pageSize as number) > 100 ||
    (anchor !== undefined && !index(anchor))
  ) {
    throw invalid(
      `getMessages() takes a page size of 1–100 and an optional index ≥ 0; got ${pageSize}, ${anchor}.`,
    );
  }
}

/** The unique name of the private channel between two identities: both sorted, joined by '#'. */
export const privateChannelName = (a: string, b: string): string => (a < b ? `${a}#${b}` : `${b}#${a}`);

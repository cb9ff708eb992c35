import type { OutgoingFile } from './backend.js';
import { ChatError } from './errors.js';

/** Longest message body, in UTF-8 bytes (the servers' limit). */
export const MAX_BODY_BYTES = 32 * 1024;

// C0 controls, DEL and C1 controls: never valid in identities or channel names.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const show = (value: unknown): string =>
  typeof value === 'string'
    ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    : typeof value;

const invalid = (message: string): ChatError => new ChatError('invalid_argument', message);

/** Checks an identity: 1–128 characters, no '#', no control characters. Returns it. */
export function validateIdentity(value: unknown, what = 'user'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 128) {
    throw invalid(`${what} must be a string of 1–128 characters, got ${show(value)}.`);
  }
  if (value.includes('#')) {
    throw invalid(
      `${what} ${show(value)} contains '#', which separates the identities of a private channel.`,
    );
  }
  if (CONTROL.test(value)) throw invalid(`${what} ${show(value)} contains control characters.`);
  return value;
}

/** Checks a channel's unique name: 1–256 characters, no control characters. Returns it. */
export function validateChannelName(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
    throw invalid(`A channel name must be a string of 1–256 characters, got ${show(value)}.`);
  }
  if (CONTROL.test(value)) throw invalid(`Channel name ${show(value)} contains control characters.`);
  return value;
}

/** Checks an optional description. Returns it ('' when omitted). */
export function validateDescription(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalid(`description must be a string, got ${show(value)}.`);
  return value;
}

/** UTF-8 length without allocating (TextEncoder is not needed for counting). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function checkBodyLength(body: string): void {
  const bytes = utf8Length(body);
  if (bytes > MAX_BODY_BYTES) {
    throw invalid(
      `The message is ${bytes} bytes of UTF-8; the limit is ${MAX_BODY_BYTES} (32 KiB). Split it.`,
    );
  }
}

/**
 * Turns `sendMessage`'s argument into a body and an optional file, refusing bad input before anything
 * is sent: an empty or over-32-KiB text, a FormData without a Blob in its `file` field.
 */
export function validateOutgoing(message: unknown): { body: string; file: OutgoingFile | null } {
  if (typeof message === 'string') {
    if (message.trim().length === 0) throw invalid('The message is empty; type some text or attach a file.');
    checkBodyLength(message);
    return { body: message, file: null };
  }
  if (typeof FormData !== 'undefined' && message instanceof FormData) {
    const data = message.get('file');
    if (!(data instanceof Blob)) {
      throw invalid("A FormData message needs a 'file' field holding a File or Blob.");
    }
    const text = message.get('body') ?? message.get('message') ?? '';
    const body = typeof text === 'string' ? text : '';
    checkBodyLength(body);
    const name = (data as Partial<File>).name;
    return {
      body,
      file: {
        data,
        filename: typeof name === 'string' && name.length > 0 ? name : 'file',
        contentType: data.type || 'application/octet-stream',
      },
    };
  }
  throw invalid(`A message is a string or a FormData with a 'file' field, got ${show(message)}.`);
}

/** Checks `getMessages`' page size (1–100) and optional anchor (an index ≥ 0). */
export function validatePage(pageSize: unknown, anchor: unknown): void {
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw invalid(`pageSize must be an integer from 1 to 100, got ${String(pageSize)}.`);
  }
  if (anchor !== undefined && (typeof anchor !== 'number' || !Number.isInteger(anchor) || anchor < 0)) {
    throw invalid(`anchor must be a message index (an integer ≥ 0) or omitted, got ${String(anchor)}.`);
  }
}

/** The unique name of the private channel between two identities: both sorted, joined by '#'. */
export function privateChannelName(a: string, b: string): string {
  return a < b ? `${a}#${b}` : `${b}#${a}`;
}

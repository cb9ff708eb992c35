import type { OutgoingMessage } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';

const MAX_BODY_BYTES = 32 * 1024;

/** Refuses a message the local server would refuse too, before anything reaches Twilio. */
export function validateOutgoing(message: OutgoingMessage): void {
  if (typeof message !== 'object' || message === null) {
    throw new ChatError('invalid_argument', 'sendMessage needs { clientId, body, file }');
  }
  const { clientId, body, file } = message;
  if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > 64) {
    throw new ChatError(
      'invalid_argument',
      `clientId ${JSON.stringify(clientId)} is invalid: use 1–64 characters`,
    );
  }
  if (typeof body !== 'string') {
    throw new ChatError(
      'invalid_argument',
      'message body must be a string (may be empty when a file is attached)',
    );
  }
  if (new TextEncoder().encode(body).length > MAX_BODY_BYTES) {
    throw new ChatError('invalid_argument', 'message body is over 32 KiB; shorten it or send it as a file');
  }
  if (file === null || file === undefined) {
    if (body.trim().length === 0) {
      throw new ChatError('invalid_argument', 'message body is empty; type some text or attach a file');
    }
    return;
  }
  if (
    !(file.data instanceof Blob) ||
    typeof file.filename !== 'string' ||
    typeof file.contentType !== 'string'
  ) {
    throw new ChatError(
      'invalid_argument',
      'file must be { data: Blob, filename: string, contentType: string }',
    );
  }
}

/** Refuses a history query that is not { pageSize: 1–100, anchor?: integer }. */
export function validateHistoryQuery(query: { pageSize: number; anchor?: number }): void {
  const pageSize = query?.pageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new ChatError(
      'invalid_argument',
      `pageSize ${JSON.stringify(pageSize)} is invalid: use an integer 1–100`,
    );
  }
  if (query.anchor !== undefined && !Number.isInteger(query.anchor)) {
    throw new ChatError(
      'invalid_argument',
      `anchor ${JSON.stringify(query.anchor)} is invalid: use a message index`,
    );
  }
}

/** Refuses a message index that is not an integer ≥ -1 (-1: before the first message). */
export function validateIndex(index: number): void {
  if (!Number.isInteger(index) || index < -1) {
    throw new ChatError('invalid_argument', `index ${JSON.stringify(index)} is invalid: use an integer ≥ -1`);
  }
}

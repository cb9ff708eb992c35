import type { ChannelChanges, OutgoingMessage } from '../../core/backend.js';
import { invalid, show, validateBody } from '../../core/validate.js';

// What a Twilio backend checks when it is used headless (the store's methods check the user's input
// before it reaches a backend). Here, not in core/validate.ts: only a backend runs these.

/** Checks a message index a backend is given: an integer ≥ -1 (-1: before the first message). */
export function validateIndex(index: unknown): number {
  if (!Number.isInteger(index) || (index as number) < -1) {
    throw invalid(
      process.env.NODE_ENV !== 'production' ? `A message index is an integer ≥ -1; got ${show(index)}.` : '',
    );
  }
  return index as number;
}

/**
 * Checks what a backend is asked to send (the store's `sendMessage` checked the user's input already;
 * a backend used headless checks it itself): a client id of 1–64 characters, a valid body, and a file
 * given as `{ data: Blob, filename, contentType }`.
 */
export function validateMessage(message: OutgoingMessage): void {
  const { clientId, body, file } = (message ?? {}) as Partial<OutgoingMessage>;
  if (typeof clientId !== 'string' || !clientId || clientId.length > 64) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `A message needs a clientId of 1–64 characters; got ${show(clientId)}.`
        : '',
    );
  }
  validateBody(body, file != null);
  if (
    file != null &&
    !(file.data instanceof Blob && typeof file.filename === 'string' && typeof file.contentType === 'string')
  ) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? 'A file is { data: Blob, filename: string, contentType: string }.'
        : '',
    );
  }
}

/** Longest friendly name and description, as at creation (the servers' limits). */
const MAX_FRIENDLY_NAME = 256;
const MAX_DESCRIPTION = 4096;

/**
 * Checks what `updateChannel` is asked to change: at least one of a `friendlyName` of 1–256
 * characters, not blank, and a `description` of at most 4096.
 */
export function validateChanges(changes: ChannelChanges): ChannelChanges {
  const { friendlyName, description } = (changes ?? {}) as Partial<Record<keyof ChannelChanges, unknown>>;
  const dev = process.env.NODE_ENV !== 'production';
  if (friendlyName === undefined && description === undefined) {
    throw invalid(
      dev ? 'updateChannel names nothing to change; pass friendlyName, description or both.' : '',
    );
  }
  if (
    friendlyName !== undefined &&
    (typeof friendlyName !== 'string' || !friendlyName.trim() || friendlyName.length > MAX_FRIENDLY_NAME)
  ) {
    throw invalid(
      dev ? `A friendlyName is 1–${MAX_FRIENDLY_NAME} characters, not blank; got ${show(friendlyName)}.` : '',
    );
  }
  if (
    description !== undefined &&
    (typeof description !== 'string' || description.length > MAX_DESCRIPTION)
  ) {
    throw invalid(
      dev
        ? `A description is a string of at most ${MAX_DESCRIPTION} characters; got ${show(description)}.`
        : '',
    );
  }
  return {
    ...(friendlyName === undefined ? {} : { friendlyName }),
    ...(description === undefined ? {} : { description }),
  } as ChannelChanges;
}

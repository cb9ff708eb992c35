import type { CreateChannelInput } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';
import {
  privateChannelName,
  validateChannelName,
  validateGroupName,
  validateIdentity,
} from '../../core/validate.js';

/** Validates createChannel input; resolves the identities to add. */
export function validateCreate(input: CreateChannelInput, me: string): string[] {
  if (typeof input !== 'object' || input === null) {
    throw new ChatError(
      'invalid_argument',
      'createChannel needs { name, type, friendlyName, description, members }',
    );
  }
  validateChannelName(input.name);
  if (input.type !== 'private' && input.type !== 'group') {
    throw new ChatError(
      'invalid_argument',
      `channel type ${JSON.stringify(input.type)} is invalid: use 'private' or 'group'`,
    );
  }
  if (input.type === 'group') validateGroupName(input.name);
  const members = Array.isArray(input.members) ? input.members : [];
  for (const identity of members) validateIdentity(identity, 'member');
  if (input.type === 'private') {
    const peer = members[0];
    if (members.length !== 1 || peer === undefined || peer === me) {
      throw new ChatError(
        'invalid_argument',
        'a private channel needs exactly one member: the peer (not yourself)',
      );
    }
    const expected = privateChannelName(me, peer);
    if (input.name !== expected) {
      throw new ChatError(
        'invalid_argument',
        `a private channel of ${me} and ${peer} must be named "${expected}"`,
      );
    }
  }
  return members.filter((identity) => identity !== me);
}

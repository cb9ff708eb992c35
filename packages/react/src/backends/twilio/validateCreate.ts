import type { CreateChannelInput } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';
import { privateChannelName, validateGroupName } from '../../core/newChannel.js';
import { validateChannelName, validateIdentity } from '../../core/validate.js';

/** Validates createChannel input; resolves the identities to add. */
export function validateCreate(input: CreateChannelInput, me: string): string[] {
  if (typeof input !== 'object' || input === null) {
    throw new ChatError(
      'invalid_argument',
      'createChannel: the input is not an object; pass { name, type, friendlyName, description, members }.',
    );
  }
  validateChannelName(input.name);
  if (input.type !== 'private' && input.type !== 'group') {
    throw new ChatError(
      'invalid_argument',
      `createChannel: type ${JSON.stringify(input.type)} is not a channel type; use 'private' or 'group'.`,
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
        'createChannel: a private channel has exactly one member besides you; list only the peer.',
      );
    }
    const expected = privateChannelName(me, peer);
    if (input.name !== expected) {
      throw new ChatError(
        'invalid_argument',
        `createChannel: a private channel of ${JSON.stringify(me)} and ${JSON.stringify(peer)} is named after them; name it ${JSON.stringify(expected)}.`,
      );
    }
  }
  return members.filter((identity) => identity !== me);
}

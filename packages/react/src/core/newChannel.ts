import { groupNameProblem, privateChannelName as pairName } from '@chat/protocol';
import { checkName, invalid, show } from './validate.js';

// The checks only creating a channel needs: they load with manageActions.ts, not with the engine.

/** Checks the name of a new group channel: a channel name without '#' or a look-alike of it. Returns it. */
export const validateGroupName = (value: unknown): string =>
  checkName(value, 'A group channel name', groupNameProblem(value), 'group');

/** Checks an optional description. Returns it ('' when omitted). */
export function validateDescription(value: unknown): string {
  if (value == null) return '';
  if (typeof value !== 'string')
    throw invalid(
      process.env.NODE_ENV !== 'production' ? `description must be a string; got ${show(value)}.` : '',
    );
  return value;
}

/** The unique name of the private channel between two identities: both sorted, joined by '#'. */
export const privateChannelName: (a: string, b: string) => string = pairName;

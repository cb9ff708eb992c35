import type { ChatBackend } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';
import { rereadRange } from '../../core/rereadRange.js';

/** The methods of issue 16 that the Twilio adapters do not implement yet. */
export type ManageMethods = Pick<
  ChatBackend,
  'removeMember' | 'updateChannel' | 'editMessage' | 'deleteMessage' | 'getChanges'
>;

/**
 * Issue 16's methods until the Twilio adapters implement them (packages/react/src/core/backend.ts
 * says what each must do): the changes reject with `backend`, and `getChanges` re-reads the range,
 * which is correct on any backend (an edit shows as the body the SDK reports).
 */
export function notYetOnTwilio(kind: string): ManageMethods {
  const notYet = (method: string) => () =>
    Promise.reject(
      new ChatError(
        'backend',
        `${method}: ${kind} does not support this yet; use the local backend, or wait for the Twilio adapters of issue 16.`,
      ),
    );
  return {
    removeMember: notYet('removeMember'),
    updateChannel: notYet('updateChannel'),
    editMessage: notYet('editMessage'),
    deleteMessage: notYet('deleteMessage'),
    getChanges(this: ChatBackend, name, query) {
      return rereadRange(this, name, query);
    },
  };
}

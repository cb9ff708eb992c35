import type { ChatMethods } from './api.js';
import type { ChatCore } from './ChatCore.js';
import { clientId } from './clientId.js';
import { ChatError } from './errors.js';
import type { Guards } from './guards.js';
import { appendPending, findById } from './messages.js';
import type { SendQueue } from './sendQueue.js';
import type { Message } from './types.js';
import { validateOutgoing } from './validate.js';

const stillSending = (): Promise<string> =>
  Promise.reject(
    new ChatError(
      'backend',
      process.env.NODE_ENV !== 'production'
        ? 'The file is still being sent; its URL exists once the message is sent.'
        : '',
    ),
  );

/**
 * `sendMessage` and `retryMessage`. A message is validated first (nothing is sent or shown when it is
 * refused), then shown at once as `pending` with its client id as `id`, then handed to the queue.
 * Sending clears the channel's typing throttle (`lastTyping`): servers end "typing" when a message
 * arrives, so typing right after sending must be signalled again at once.
 */
export function createMessageActions(
  core: ChatCore,
  guards: Guards,
  queue: SendQueue,
  lastTyping: Map<string, number>,
): Pick<ChatMethods, 'sendMessage' | 'retryMessage'> {
  return {
    sendMessage: async (name, message) => {
      guards.backend();
      const { body, file } = validateOutgoing(message);
      const entry = guards.channel(name);
      const id = clientId();
      const pending: Message = {
        id,
        sid: null,
        index: null,
        channel: name,
        author: core.user as string,
        body,
        media: file
          ? {
              filename: file.filename,
              contentType: file.contentType,
              size: file.data.size,
              url: stillSending,
            }
          : null,
        dateCreated: new Date(),
        status: 'pending',
        error: null,
      };
      core.setEntry(name, { ...entry, messages: appendPending(entry.messages, pending) });
      lastTyping.delete(name);
      return queue.send(name, id, body, file);
    },

    retryMessage: async (id) => {
      guards.backend();
      if (typeof id !== 'string' || id.length === 0) {
        throw new ChatError(
          'invalid_argument',
          process.env.NODE_ENV !== 'production'
            ? `retryMessage() takes the id of a failed message, got ${typeof id}.`
            : '',
        );
      }
      const retried = queue.retry(id);
      if (retried) return retried;
      for (const entry of core.entries.values()) {
        const sent = findById(entry.messages, id);
        if (sent) return sent;
      }
      throw new ChatError(
        'invalid_argument',
        process.env.NODE_ENV !== 'production'
          ? `No message with id "${id}"; retryMessage() takes the id of a failed message.`
          : '',
      );
    },
  };
}

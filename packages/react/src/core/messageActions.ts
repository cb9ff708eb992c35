import type { ChatMethods } from './api.js';
import type { EngineContext } from './engineContext.js';
import { ChatError } from './errors.js';
import { appendPending, findById } from './messages.js';
import type { SendQueue } from './sendQueue.js';
import type { Message } from './types.js';
import { validateOutgoing } from './validate.js';

/**
 * Typing signals per channel go out at most once per this many ms: a keystroke is not a frame, and
 * the servers keep "typing" alive for 5 s after a signal. The one typing throttle: backends send
 * every `typing()` they are given.
 */
const TYPING_THROTTLE_MS = 2000;

let counter = 0;

/**
 * A unique id for an outgoing message: the backend stores a message once per client id, which is
 * what makes `retryMessage` safe. `crypto.randomUUID` where available (browsers on https, Node);
 * otherwise time, a counter and randomness (plain-http pages, where `randomUUID` is missing).
 */
function clientId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  counter = (counter + 1) % 0x100000;
  const random = Math.random().toString(36).slice(2, 12);
  return `c${Date.now().toString(36)}-${counter.toString(36)}-${random}`;
}

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
 * `sendMessage`, `retryMessage` and `setTyping`. A message is validated first (nothing is sent or
 * shown when it is refused), then shown at once as `pending` with its client id as `id`, then handed
 * to the queue. Sending clears the channel's typing throttle: servers end "typing" when a message
 * arrives, so typing right after sending must be signalled again at once.
 */
export function createMessageActions(
  { core, requireBackend, requireChannel }: EngineContext,
  queue: SendQueue,
): Pick<ChatMethods, 'sendMessage' | 'retryMessage' | 'setTyping'> {
  // When typing was last signalled, per channel.
  const lastTyping = new Map<string, number>();
  return {
    sendMessage: async (name, message) => {
      requireBackend();
      const { body, file } = validateOutgoing(message);
      const entry = requireChannel(name);
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
        editedAt: null,
      };
      core.setEntry(name, { ...entry, messages: appendPending(entry.messages, pending) });
      lastTyping.delete(name);
      return queue.send(name, id, body, file);
    },

    retryMessage: async (id) => {
      requireBackend();
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

    setTyping: (name) => {
      const backend = requireBackend();
      requireChannel(name);
      const now = Date.now();
      if (now - (lastTyping.get(name) ?? Number.NEGATIVE_INFINITY) < TYPING_THROTTLE_MS) return;
      lastTyping.set(name, now);
      backend.typing(name);
    },
  };
}

import type { BackendMessage, OutgoingMessage } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';
import type { TwilioConnection } from './TwilioConnection.js';
import type { TwilioChannel } from './types.js';

/** How many recent messages a resend searches for its clientId. */
const RECENT = 30;

/**
 * Sends a message at most once per clientId. Twilio has no idempotency key, so the clientId goes
 * into the message attributes, and a resend (the first try may have reached Twilio before the
 * connection dropped) first looks for it among the recent messages. A send still in flight is
 * joined rather than repeated.
 */
export function sendOnce(
  connection: TwilioConnection,
  channel: TwilioChannel,
  message: OutgoingMessage,
): Promise<BackendMessage> {
  const key = `${channel.sid}\n${message.clientId}`;
  const inFlight = connection.sending.get(key);
  if (inFlight) return inFlight;
  const attempt = (async () => {
    if (connection.attempted.has(key)) {
      const existing = await findByClientId(channel, message.clientId);
      if (existing) {
        connection.messageAdded(existing);
        return existing;
      }
    }
    connection.attempted.add(key);
    const index = await channel.send({
      body: message.body,
      attributes: { clientId: message.clientId },
      file: message.file,
    });
    const stored =
      (index === null ? null : await messageAt(channel, index)) ??
      (await findByClientId(channel, message.clientId));
    if (!stored) {
      throw new ChatError(
        'backend',
        'sendMessage: Twilio accepted the message but it could not be read back; retry with the same clientId (it will not be duplicated).',
      );
    }
    connection.messageAdded(stored);
    connection.invalidateUnread(stored.channel);
    try {
      // The author has read their own message (the local server does the same).
      await channel.advanceLastReadIndex(stored.index);
    } catch {
      // The message is stored; a horizon left behind only shows as unread until the next markRead.
    }
    return stored;
  })().finally(() => connection.sending.delete(key));
  connection.sending.set(key, attempt);
  return attempt;
}

async function findByClientId(channel: TwilioChannel, clientId: string): Promise<BackendMessage | null> {
  const page = await channel.messages(RECENT, undefined, 'backwards');
  return page.items.findLast((item) => item.clientId === clientId) ?? null;
}

async function messageAt(channel: TwilioChannel, index: number): Promise<BackendMessage | null> {
  const page = await channel.messages(1, index, 'backwards');
  return page.items.find((item) => item.index === index) ?? null;
}

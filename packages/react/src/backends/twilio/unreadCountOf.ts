import type { TwilioChannel } from './types.js';

/**
 * The user's unread count in a channel, never computed from message indexes (Twilio indexes may
 * have gaps). Twilio reports null while no read horizon is set: that happens for a channel the
 * user was added to and has not opened yet, or an empty channel joined with "all read" (Twilio
 * leaves the horizon unset then). Twilio documents null as "possibly all unread", so the total
 * message count is the unread count. Non-members have none: null.
 */
export async function unreadCountOf(channel: TwilioChannel): Promise<number | null> {
  if (!channel.isMember) return null;
  const count = await channel.unreadCount();
  if (count !== null) return count;
  return channel.messagesCount();
}

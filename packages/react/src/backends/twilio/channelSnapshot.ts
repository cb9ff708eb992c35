import type { BackendChannel, BackendMessage } from '../../core/backend.js';
import { stringAttribute } from './readAttributes.js';
import type { TwilioChannel, TwilioMember } from './types.js';
import { unreadCountOf } from './unreadCountOf.js';

/** 'private' when our attributes say so (Conversations has no private flag) or twilio-chat's flag does. */
export function channelType(channel: TwilioChannel): 'private' | 'group' {
  const type = stringAttribute(channel.attributes, 'type');
  if (type === 'private' || type === 'group') return type;
  return channel.sdkPrivate ? 'private' : 'group';
}

/**
 * A BackendChannel from an SDK channel. Each detail is a separate request; one that fails (a
 * permission, a network blip) degrades to its empty value instead of losing the whole channel.
 * `me` (the connected identity) is listed whenever the SDK says the user is a member: the
 * roster is another Sync object, whose update may come after the status's. The members' read
 * and their horizons (read receipts) are listed for a member only; the user's own horizon is the
 * channel's.
 */
export async function channelSnapshot(channel: TwilioChannel, me: string | null): Promise<BackendChannel> {
  const [members, lastMessage, unreadCount] = await Promise.all([
    channel.isMember ? channel.members().catch((): TwilioMember[] => []) : [],
    newestMessage(channel),
    unreadCountOf(channel).catch(() => null),
  ]);
  const identities = members.map((member) => member.identity);
  const lastReadIndexes: Record<string, number | null> = {};
  if (channel.isMember) {
    for (const member of members) lastReadIndexes[member.identity] = member.lastReadIndex;
    if (me) lastReadIndexes[me] = channel.lastReadIndex;
  }
  return {
    sid: channel.sid,
    name: channel.name,
    type: channelType(channel),
    friendlyName: channel.friendlyName || channel.name,
    description: stringAttribute(channel.attributes, 'description') ?? '',
    members: [...new Set(channel.isMember && me ? [...identities, me] : identities)].sort(),
    lastMessage,
    lastReadIndex: channel.isMember ? channel.lastReadIndex : null,
    unreadCount,
    createdBy: channel.createdBy ?? '',
    lastReadIndexes,
  };
}

async function newestMessage(channel: TwilioChannel): Promise<BackendMessage | null> {
  if (!channel.isMember) return null;
  try {
    const page = await channel.messages(1, undefined, 'backwards');
    return page.items.at(-1) ?? null;
  } catch {
    return null;
  }
}

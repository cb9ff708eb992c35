import type { Channel } from '@chat/react';

/**
 * What a person calls a channel: a group by its display name (`friendlyName`, which "Rename"
 * changes; its unique name otherwise), a 1:1 channel by the other person's name (its unique name is
 * both identities sorted and joined by '#', which reads badly).
 */
export function channelLabel(channel: Channel, user: string | null): string {
  if (channel.type === 'group') return channel.friendlyName || channel.name;
  const peer = channel.name.split('#').find((identity) => identity !== user);
  return peer ?? user ?? channel.name;
}

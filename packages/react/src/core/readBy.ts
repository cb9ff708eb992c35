import type { Channel, Message } from './types.js';

/**
 * Read receipts: the members of `channel` other than the message's author whose read horizon
 * (`channel.lastReadIndexes`) has reached `message`, in the order of `channel.members`. A message
 * not sent yet (no index) is read by nobody.
 *
 * Cheap enough to call in a row component's selector; pass an array comparison as `useChat`'s
 * `isEqual` so that the row re-renders only when its list changes:
 *
 * @example
 * const seenBy = useChat((chat) => readBy(chat.channels[name], message), sameItems);
 */
export function readBy(channel: Channel | null | undefined, message: Message): string[] {
  const index = message.index;
  if (!channel || index === null) return [];
  return channel.members.filter(
    (member) => member !== message.author && (channel.lastReadIndexes[member] ?? -1) >= index,
  );
}

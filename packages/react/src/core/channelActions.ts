import type { ChatMethods } from './api.js';
import type { BackendChannel } from './backend.js';
import type { ChatCore } from './ChatCore.js';
import { ChatError } from './errors.js';
import type { Guards } from './guards.js';
import { mergeMessages } from './messages.js';
import type { ReadHorizon } from './readHorizon.js';
import type { Reducers } from './reducers.js';
import type { Channel, Message } from './types.js';
import {
  privateChannelName,
  validateChannelName,
  validateDescription,
  validateIdentity,
  validatePage,
} from './validate.js';

type ChannelMethods = Omit<ChatMethods, 'connect' | 'disconnect' | 'sendMessage' | 'retryMessage'>;

/** Typing signals per channel are throttled to one per this many ms (a keystroke is not a frame). */
const TYPING_THROTTLE_MS = 1000;

/**
 * The channel and history methods of the store. Validation always comes before any backend call.
 * `lastTyping` holds when typing was last signalled per channel (sending a message clears its entry).
 */
export function createChannelActions(
  core: ChatCore,
  guards: Guards,
  reducers: Reducers,
  readHorizon: ReadHorizon,
  lastTyping: Map<string, number>,
): ChannelMethods {
  const add = (channel: BackendChannel): Channel => reducers.upsertChannel(channel).channel;

  const getMessages = async (name: string, pageSize = 30, anchor?: number): Promise<Message[]> => {
    const backend = guards.backend();
    validatePage(pageSize, anchor);
    guards.channel(name);
    const newest = anchor === undefined;
    // Keep messages that arrive while the newest page is on its way: the merge drops duplicates,
    // and a message stored after the page was read is not lost.
    const collecting = newest && !core.entries.get(name)?.loaded;
    if (collecting) core.updateEntry(name, (entry) => ({ ...entry, loaded: true }));
    let page: Awaited<ReturnType<typeof backend.getMessages>>;
    try {
      page = await backend.getMessages(name, newest ? { pageSize } : { pageSize, anchor });
    } catch (error) {
      if (collecting) core.updateEntry(name, (entry) => ({ ...entry, loaded: false }));
      throw error;
    }
    let merged: Message[] | null = null;
    core.updateEntry(name, (entry) => {
      const result = mergeMessages(entry.messages, page.messages);
      merged = result.merged;
      const oldestBefore = entry.messages.find((m) => m.index !== null)?.index ?? null;
      const first = page.messages[0];
      const last = page.messages[page.messages.length - 1];
      // Only a page that reaches the oldest end says whether anything older exists.
      const reachesOldest = oldestBefore === null || !first || first.index <= oldestBefore;
      const hasOlderMessages = reachesOldest ? page.hasOlder : entry.channel.hasOlderMessages;
      const newer = last !== undefined && last.index > (entry.newestIndex ?? -1);
      const lastMessage = newer
        ? (result.merged[result.merged.length - 1] ?? null)
        : entry.channel.lastMessage;
      const channel =
        hasOlderMessages === entry.channel.hasOlderMessages && lastMessage === entry.channel.lastMessage
          ? entry.channel
          : { ...entry.channel, hasOlderMessages, lastMessage };
      return {
        ...entry,
        channel,
        messages: result.list,
        loaded: entry.loaded || newest,
        newestIndex: newer ? last.index : entry.newestIndex,
      };
    });
    return merged ?? mergeMessages([], page.messages).merged;
  };

  const setCurrentChannel = (name: string | null): void => {
    if (name === null) {
      readHorizon.switchTo(null);
      core.set({ current: null });
      return;
    }
    guards.backend();
    const entry = guards.channel(name);
    readHorizon.switchTo(name);
    core.set({ current: name });
    if (entry.channel.unreadCount !== 0) {
      core.setEntry(name, { ...entry, channel: { ...entry.channel, unreadCount: 0 } });
    }
    if (entry.loaded) readHorizon.soon(name);
    else {
      getMessages(name).then(
        () => readHorizon.soon(name),
        (error: unknown) => core.set({ error: ChatError.from(error) }),
      );
    }
  };

  return {
    createGroupChannel: async (name, description) => {
      const backend = guards.backend();
      validateChannelName(name);
      const text = validateDescription(description);
      return add(
        await backend.createChannel({
          name,
          type: 'group',
          friendlyName: name,
          description: text,
          members: [],
        }),
      );
    },

    createPrivateChannel: async (peer, description) => {
      const backend = guards.backend();
      const me = core.user as string;
      validateIdentity(peer, 'peer');
      if (peer === me) {
        throw new ChatError('invalid_argument', `A private channel is between two users; "${peer}" is you.`);
      }
      const text = validateDescription(description);
      const name = privateChannelName(me, peer);
      const known = core.entries.get(name);
      if (known?.channel.members.includes(peer)) return known.channel;
      try {
        return add(
          await backend.createChannel({
            name,
            type: 'private',
            friendlyName: name,
            description: text,
            members: [peer],
          }),
        );
      } catch (caught) {
        if (!(caught instanceof ChatError) || caught.code !== 'channel_exists') throw ChatError.from(caught);
      }
      // It exists (created earlier, perhaps by the peer): make sure the peer is in it, then show it.
      const existing = await backend.getChannel(name);
      if (!existing)
        throw new ChatError(
          'channel_not_found',
          `The private channel "${name}" exists but is not visible to you.`,
        );
      if (existing.members.includes(peer)) return add(existing);
      await backend.addMember(name, peer);
      return add({ ...existing, members: [...existing.members, peer] });
    },

    joinChannel: async (name) => {
      const backend = guards.backend();
      validateChannelName(name);
      const channel = add(await backend.joinChannel(name));
      setCurrentChannel(name);
      return core.entries.get(name)?.channel ?? channel;
    },

    setCurrentChannel,

    leaveChannel: async (name) => {
      const backend = guards.backend();
      guards.channel(name);
      await backend.leaveChannel(name);
      core.deleteEntry(name);
    },

    getMessages,

    markRead: async (name) => {
      guards.backend();
      guards.channel(name);
      await readHorizon.now(name);
    },

    setTyping: (name) => {
      const backend = guards.backend();
      guards.channel(name);
      const now = Date.now();
      if (now - (lastTyping.get(name) ?? 0) < TYPING_THROTTLE_MS) return;
      lastTyping.set(name, now);
      backend.typing(name);
    },
  };
}

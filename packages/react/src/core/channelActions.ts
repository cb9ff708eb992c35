import type { ChatMethods } from './api.js';
import type { BackendChannel } from './backend.js';
import type { ChatCore } from './ChatCore.js';
import { ChatError } from './errors.js';
import type { Guards } from './guards.js';
import type { MessageLoader } from './messageLoader.js';
import type { ReadHorizon } from './readHorizon.js';
import { keepPage } from './runs.js';
import type { StateUpdates } from './stateUpdates.js';
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
  updates: StateUpdates,
  readHorizon: ReadHorizon,
  lastTyping: Map<string, number>,
  loader: MessageLoader,
): ChannelMethods {
  const add = (channel: BackendChannel): Channel => updates.upsertChannel(channel).channel;

  const getMessages = async (name: string, pageSize = 30, anchor?: number): Promise<Message[]> => {
    const backend = guards.backend();
    validatePage(pageSize, anchor);
    guards.channel(name);
    return loader.page(backend, name, pageSize, anchor);
  };

  const setCurrentChannel = (name: string | null): void => {
    const left = core.current;
    if (name === null) {
      readHorizon.switchTo(null);
      core.set({ current: null });
    } else {
      guards.backend();
      const entry = guards.channel(name);
      readHorizon.switchTo(name);
      core.set({ current: name });
      if (entry.channel.unreadCount !== 0) {
        core.setEntry(name, { ...entry, channel: { ...entry.channel, unreadCount: 0 } });
      }
      // Loads the newest page (or what is missing above the run), then reads up to the newest.
      void loader.fill(name).then(() => readHorizon.soon(name));
    }
    // A channel left keeps only its newest page: a closed channel does not grow with its traffic.
    if (left !== null && left !== name) core.updateEntry(left, keepPage);
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
        throw new ChatError(
          'invalid_argument',
          process.env.NODE_ENV !== 'production'
            ? `A private channel is between two users; "${peer}" is you.`
            : '',
        );
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
          process.env.NODE_ENV !== 'production'
            ? `The private channel "${name}" exists but is not visible to you.`
            : '',
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

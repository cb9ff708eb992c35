import type { ChatMethods } from './api.js';
import type { BackendChannel } from './backend.js';
import type { EngineContext } from './engineContext.js';
import { ChatError } from './errors.js';
import type { MessageLoader } from './messageLoader.js';
import type { ReadHorizon } from './readHorizon.js';
import { keepPage } from './runs.js';
import type { StateUpdates } from './stateUpdates.js';
import type { Channel, Message } from './types.js';
import {
  privateChannelName,
  validateChannelName,
  validateDescription,
  validateGroupName,
  validateIdentity,
  validatePage,
} from './validate.js';

/** The methods this file implements (the engine checks that, with the others, they are every method). */
type ChannelMethods = Pick<
  ChatMethods,
  | 'createGroupChannel'
  | 'createPrivateChannel'
  | 'joinChannel'
  | 'setCurrentChannel'
  | 'leaveChannel'
  | 'getMessages'
  | 'markRead'
>;

/** The parts built before the channel actions that they use. */
export interface ChannelActionParts {
  updates: Pick<StateUpdates, 'upsertChannel'>;
  readHorizon: ReadHorizon;
  loader: MessageLoader;
}

/** The channel and history methods of the store. Validation always comes before any backend call. */
export function createChannelActions(
  { core, requireBackend, requireChannel }: EngineContext,
  { updates, readHorizon, loader }: ChannelActionParts,
): ChannelMethods {
  const add = (channel: BackendChannel): Channel => updates.upsertChannel(channel).channel;

  const getMessages = async (name: string, pageSize = 30, anchor?: number): Promise<Message[]> => {
    const backend = requireBackend();
    validatePage(pageSize, anchor);
    requireChannel(name);
    return loader.page(backend, name, pageSize, anchor);
  };

  const setCurrentChannel = (name: string | null): void => {
    const left = core.current;
    if (name === null) {
      readHorizon.switchTo(null);
      core.set({ current: null });
    } else {
      requireBackend();
      const entry = requireChannel(name);
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
      const backend = requireBackend();
      validateGroupName(name);
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
      const backend = requireBackend();
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
      const backend = requireBackend();
      validateChannelName(name);
      const channel = add(await backend.joinChannel(name));
      setCurrentChannel(name);
      return core.entries.get(name)?.channel ?? channel;
    },

    setCurrentChannel,

    leaveChannel: async (name) => {
      const backend = requireBackend();
      requireChannel(name);
      await backend.leaveChannel(name);
      core.deleteEntry(name);
    },

    getMessages,

    markRead: async (name) => {
      requireBackend();
      requireChannel(name);
      await readHorizon.now(name);
    },
  };
}

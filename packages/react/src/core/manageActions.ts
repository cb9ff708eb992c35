import type { ChatMethods } from './api.js';
import type { BackendChannel } from './backend.js';
import type { EngineContext } from './engineContext.js';
import { ChatError } from './errors.js';
import { privateChannelName, validateDescription, validateGroupName } from './newChannel.js';
import type { StateUpdates } from './stateUpdates.js';
import type { Channel, Message } from './types.js';
import { invalid, show, validateBody, validateChannelName, validateIdentity } from './validate.js';

/** The methods this file implements (the engine loads it on their first call). */
export type ManageMethods = Pick<
  ChatMethods,
  | 'createGroupChannel'
  | 'createPrivateChannel'
  | 'joinChannel'
  | 'leaveChannel'
  | 'addMember'
  | 'removeMember'
  | 'updateChannel'
  | 'editMessage'
  | 'deleteMessage'
>;

/** The parts built before the management actions that they use. */
export interface ManageParts {
  updates: Pick<StateUpdates, 'apply' | 'upsertChannel' | 'messageRemoved'>;
  /** `joinChannel` opens the channel it joined. */
  setCurrentChannel(name: string): void;
}

const forbidden = (message: string): ChatError => new ChatError('forbidden', message);

/**
 * Creating, joining, leaving and managing channels, and fixing messages: what a chat screen calls
 * now and then, not on every render, so it loads on first use. Each checks what it can before any backend call (names, the
 * body's rules, that the user wrote the message or created the group); the backend's answer and its
 * events then change the state, as they do for every other user, so the two never disagree.
 */
export function createManageActions(
  { core, requireBackend, requireChannel }: EngineContext,
  { updates, setCurrentChannel }: ManageParts,
): ManageMethods {
  const add = (channel: BackendChannel): Channel => updates.upsertChannel(channel).channel;

  /** A sent message of the user's, by `id` (any loaded list, or a channel's `lastMessage`). */
  const ownMessage = (id: unknown): Message & { sid: string; index: number } => {
    let found: Message | null | undefined;
    for (const entry of core.entries.values()) {
      found =
        entry.messages.find((m) => m.id === id) ??
        (entry.channel.lastMessage?.id === id ? entry.channel.lastMessage : null);
      if (found) break;
    }
    if (!found || found.index === null) {
      throw invalid(
        process.env.NODE_ENV !== 'production'
          ? `No sent message with id ${show(id)}; pass the id of a message the store shows as sent.`
          : '',
      );
    }
    if (found.author !== core.user) {
      throw forbidden(
        process.env.NODE_ENV !== 'production'
          ? `The message ${show(id)} was written by "${found.author}"; only its author may change it.`
          : '',
      );
    }
    return found as Message & { sid: string; index: number };
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
        throw invalid(
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

    leaveChannel: async (name) => {
      const backend = requireBackend();
      requireChannel(name);
      await backend.leaveChannel(name);
      core.deleteEntry(name);
    },

    addMember: async (name, identity) => {
      const backend = requireBackend();
      validateIdentity(identity, 'identity');
      requireChannel(name);
      await backend.addMember(name, identity);
      // The event may come after the reply (Twilio): the member shows at once either way.
      updates.apply({ type: 'memberJoined', channel: name, identity });
    },

    removeMember: async (name, identity) => {
      const backend = requireBackend();
      validateIdentity(identity, 'identity');
      const { channel } = requireChannel(name);
      if (channel.type === 'private' || (channel.createdBy !== '' && channel.createdBy !== core.user)) {
        throw forbidden(
          process.env.NODE_ENV !== 'production'
            ? channel.type === 'private'
              ? `"${name}" is a private channel: it always holds its two users; leave it instead.`
              : `Only "${channel.createdBy}", who created "${name}", may remove its members.`
            : '',
        );
      }
      if (identity === core.user) {
        throw invalid(
          process.env.NODE_ENV !== 'production' ? `To leave "${name}", call leaveChannel("${name}").` : '',
        );
      }
      await backend.removeMember(name, identity);
      updates.apply({ type: 'memberLeft', channel: name, identity });
    },

    updateChannel: async (name, changes) => {
      const backend = requireBackend();
      requireChannel(name);
      const { friendlyName, description } = (changes ?? {}) as {
        friendlyName?: unknown;
        description?: unknown;
      };
      if (
        (friendlyName === undefined && description === undefined) ||
        (friendlyName !== undefined &&
          (typeof friendlyName !== 'string' || !friendlyName.trim() || friendlyName.length > 256)) ||
        (description !== undefined && (typeof description !== 'string' || description.length > 4096))
      ) {
        throw invalid(
          process.env.NODE_ENV !== 'production'
            ? `updateChannel() takes { friendlyName?, description? } with at least one: a name of 1–256 characters, not blank, a description of at most 4096; got ${show(friendlyName)}, ${show(description)}.`
            : '',
        );
      }
      return updates.upsertChannel(
        await backend.updateChannel(name, { friendlyName, description } as {
          friendlyName?: string;
          description?: string;
        }),
      ).channel;
    },

    editMessage: async (id, body) => {
      const backend = requireBackend();
      const message = ownMessage(id);
      validateBody(body, message.media !== null);
      const stored = await backend.editMessage(message.channel, message.index, body);
      updates.apply({ type: 'messageUpdated', message: stored });
      const entry = core.entries.get(message.channel);
      return (
        entry?.messages.find((m) => m.sid === stored.sid) ??
        (entry?.channel.lastMessage?.sid === stored.sid
          ? entry.channel.lastMessage
          : { ...message, body, editedAt: stored.editedAt ?? null })
      );
    },

    deleteMessage: async (id) => {
      const backend = requireBackend();
      const message = ownMessage(id);
      await backend.deleteMessage(message.channel, message.index);
      // Gone from this user's lists at once, even before the backend's event.
      updates.messageRemoved(message.channel, message.index, message.sid, message.author);
    },
  };
}

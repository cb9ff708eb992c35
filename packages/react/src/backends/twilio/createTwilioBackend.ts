import type {
  BackendChannel,
  BackendEvent,
  BackendMessage,
  ChangesQuery,
  ChannelChanges,
  ChatBackend,
  CreateChannelInput,
  HistoryPage,
  OutgoingMessage,
} from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';
import { rereadRange } from '../../core/rereadRange.js';
import { validateBody, validateChannelName, validateIdentity, validatePage } from '../../core/validate.js';
import { channelSnapshot, channelType } from './channelSnapshot.js';
import { addIdempotent, CONFIRM_TIMEOUT_MS, markAllRead, setHorizon, setMembership } from './membership.js';
import { sendOnce } from './sendOnce.js';
import { TwilioConnection } from './TwilioConnection.js';
import { isConflict, isMemberNotFound, toChatError } from './toChatError.js';
import type { TwilioChannel, TwilioDriver } from './types.js';
import { unreadCountOf } from './unreadCountOf.js';
import { validateCreate } from './validateCreate.js';
import { validateChanges, validateIndex, validateMessage } from './validateInput.js';
import { rosterKey } from './Waits.js';

/** Options both Twilio backends share. */
export interface TwilioBackendOptions {
  /**
   * How long `connect` waits for the SDK to initialise before rejecting with `network`
   * (the SDK itself retries forever when offline). Default 30 000 ms.
   */
  connectTimeoutMs?: number;
  /** Appended to `channel_not_found` errors of joinChannel: how to get into a channel on this SDK. */
  joinHint?: string;
}

/**
 * The ChatBackend both Twilio SDKs share: every operation and every trap lives here once, and
 * each SDK only supplies a driver (`twilioConversations.ts`, `twilioChat.ts`).
 */
export function createTwilioBackend(driver: TwilioDriver, options: TwilioBackendOptions = {}): ChatBackend {
  const timeoutMs = options.connectTimeoutMs ?? 30_000;
  let current: TwilioConnection | null = null;

  /** The open, ready connection, or `not_connected`: calls never reach an SDK that is not ready. */
  const live = (): TwilioConnection & { sdk: NonNullable<TwilioConnection['sdk']> } => {
    const connection = current;
    if (!connection?.isReady || !connection.sdk) {
      throw new ChatError(
        'not_connected',
        `${driver.kind}: not connected; call connect(token) first and wait for it.`,
      );
    }
    return connection as TwilioConnection & { sdk: NonNullable<TwilioConnection['sdk']> };
  };

  /** Runs an operation on the live connection, every rejection a ChatError. */
  const run = async <T>(context: string, operation: (connection: ReturnType<typeof live>) => Promise<T>) => {
    try {
      return await operation(live());
    } catch (error) {
      throw toChatError(error, `${driver.kind}: ${context}`);
    }
  };

  const channelNamed = async (connection: ReturnType<typeof live>, name: string): Promise<TwilioChannel> => {
    validateChannelName(name);
    const cached = connection.channels.get(name);
    if (cached) return cached;
    const channel = await connection.sdk.channelByName(name);
    connection.channels.set(name, channel);
    return channel;
  };

  /**
   * Adds or removes a member, then waits (at most {@link CONFIRM_TIMEOUT_MS}) until the SDK's roster
   * shows it (`participantJoined`/`Left`), so that a snapshot taken next lists the members as they
   * are. `change` resolves false when it changed nothing (already a member, not a member). A late
   * roster only costs the wait: the change is made, and its event comes when the update arrives.
   */
  const changeRoster = async (
    connection: ReturnType<typeof live>,
    channel: TwilioChannel,
    identity: string,
    joined: boolean,
    change: () => Promise<boolean>,
  ) => {
    const shown = connection.roster.wait(
      rosterKey(channel.name, identity),
      (j) => j === joined,
      CONFIRM_TIMEOUT_MS,
    );
    try {
      if (!(await change())) shown.cancel();
    } catch (error) {
      shown.cancel();
      throw error;
    }
    await shown.seen;
  };

  /** The message at `index`, which must exist (deleted or unknown: `invalid_argument`). */
  const storedMessage = async (channel: TwilioChannel, index: number, verb: string) => {
    validateIndex(index);
    const stored = index < 0 ? null : await channel.messageAt(index);
    if (!stored) {
      throw new ChatError(
        'invalid_argument',
        `${verb}Message: index ${index} names no message of "${channel.name}" (deleted, or not sent yet); ${verb} a message the channel shows.`,
      );
    }
    return stored;
  };

  const memberChannel = async (connection: ReturnType<typeof live>, name: string): Promise<TwilioChannel> => {
    const channel = await channelNamed(connection, name);
    if (!channel.isMember) {
      throw new ChatError(
        'not_member',
        `${driver.kind}: you are not a member of ${JSON.stringify(name)}; join it first.`,
      );
    }
    return channel;
  };

  return {
    kind: driver.kind,

    async connect(token: string, emit: (event: BackendEvent) => void) {
      if (typeof token !== 'string' || token.length === 0) {
        throw new ChatError(
          'invalid_argument',
          `${driver.kind}: connect got no access token; pass the token string.`,
        );
      }
      if (current) await this.shutdown();
      const connection = new TwilioConnection(emit, timeoutMs);
      current = connection;
      try {
        const sdk = await driver.open(token, connection);
        connection.sdk = sdk;
        if (connection.closed) {
          // shutdown() ran while the SDK was loading: nobody will ever use this client.
          void sdk.shutdown().catch(() => {});
        }
        await connection.whenReady;
        connection.identity = sdk.identity;
        return { identity: sdk.identity };
      } catch (error) {
        if (current === connection) current = null;
        await connection.close();
        throw toChatError(error, `${driver.kind}: connect`);
      }
    },

    async updateToken(token: string) {
      if (typeof token !== 'string' || token.length === 0) {
        throw new ChatError(
          'invalid_argument',
          `${driver.kind}: updateToken got no access token; pass the token string.`,
        );
      }
      await run('updateToken', (connection) => connection.handOverToken(connection.sdk, token));
    },

    async shutdown() {
      const connection = current;
      current = null;
      await connection?.close();
    },

    listChannels: () =>
      run('listChannels', async (connection) => {
        const channels = (await connection.sdk.subscribedChannels()).filter((channel) => channel.isMember);
        for (const channel of channels) connection.remember(channel);
        return Promise.all(channels.map((channel) => channelSnapshot(channel, connection.identity)));
      }),

    getChannel: (name: string) =>
      run('getChannel', async (connection): Promise<BackendChannel | null> => {
        let channel: TwilioChannel;
        try {
          channel = await channelNamed(connection, name);
        } catch (error) {
          if (toChatError(error, '').code === 'channel_not_found') return null;
          throw error;
        }
        if (!channel.isMember && channelType(channel) === 'private') return null;
        return channelSnapshot(channel, connection.identity);
      }),

    createChannel: (input: CreateChannelInput) =>
      run(`createChannel "${input?.name}"`, async (connection) => {
        const members = validateCreate(input, connection.identity ?? '');
        let channel: TwilioChannel;
        try {
          channel = await connection.sdk.createChannel({
            name: input.name,
            friendlyName: input.friendlyName || input.name,
            attributes: { type: input.type, description: input.description ?? '' },
            isPrivate: input.type === 'private',
          });
        } catch (error) {
          if (isConflict(error, 'nameTaken')) {
            throw new ChatError(
              'channel_exists',
              `createChannel: a channel named ${JSON.stringify(input.name)} already exists; open it with getChannel (or joinChannel for a group).`,
              { cause: error },
            );
          }
          throw error;
        }
        await setMembership(connection, channel, true, `createChannel "${input.name}"`);
        for (const identity of members) await addIdempotent(channel, identity);
        await markAllRead(connection, channel);
        connection.remember(channel);
        return channelSnapshot(channel, connection.identity);
      }),

    joinChannel: (name: string) =>
      run(`joinChannel "${name}"`, async (connection) => {
        let channel: TwilioChannel;
        try {
          channel = await channelNamed(connection, name);
        } catch (error) {
          const chatError = toChatError(error, `channel "${name}"`);
          if (chatError.code !== 'channel_not_found' || !options.joinHint) throw chatError;
          throw new ChatError('channel_not_found', `${chatError.message}. ${options.joinHint}`, {
            cause: error,
          });
        }
        if (!channel.isMember && channelType(channel) === 'private') {
          throw new ChatError(
            'channel_not_found',
            `joinChannel: ${JSON.stringify(name)} is a private channel of other users; only they can add you.`,
          );
        }
        await setMembership(connection, channel, true, `joinChannel "${name}"`);
        // A joined channel starts with everything read, so its unread count is a number, not null.
        await markAllRead(connection, channel);
        connection.invalidateUnread(name);
        connection.remember(channel);
        return channelSnapshot(channel, connection.identity);
      }),

    leaveChannel: (name: string) =>
      run(`leaveChannel "${name}"`, async (connection) => {
        await setMembership(
          connection,
          await channelNamed(connection, name),
          false,
          `leaveChannel "${name}"`,
        );
      }),

    addMember: (name: string, identity: string) =>
      run(`addMember "${identity}" to "${name}"`, async (connection) => {
        validateIdentity(identity, 'identity');
        const channel = await memberChannel(connection, name);
        await changeRoster(connection, channel, identity, true, () => addIdempotent(channel, identity));
      }),

    removeMember: (name: string, identity: string) =>
      run(`removeMember "${identity}" from "${name}"`, async (connection) => {
        validateIdentity(identity, 'identity');
        const channel = await memberChannel(connection, name);
        // On Twilio, removing oneself is leaving: refused here, as on every backend.
        if (identity === connection.identity) {
          throw new ChatError(
            'invalid_argument',
            `removeMember: ${JSON.stringify(identity)} is you; leave the channel (leaveChannel) rather than remove yourself.`,
          );
        }
        // Who may remove whom (the creator, in a group) is the service's to say: its 403 is `forbidden`.
        await changeRoster(connection, channel, identity, false, async () => {
          try {
            await channel.remove(identity);
            return true;
          } catch (error) {
            if (isMemberNotFound(error)) return false;
            throw error;
          }
        });
      }),

    updateChannel: (name: string, changes: ChannelChanges) =>
      run(`updateChannel "${name}"`, async (connection) => {
        const { friendlyName, description } = validateChanges(changes);
        const channel = await memberChannel(connection, name);
        const attributes = description === undefined ? undefined : { ...channel.attributes, description };
        await channel.update({ friendlyName, attributes });
        // The SDK's own copy changes with the Sync update: wait for it, so the answer shows the change.
        const shown = () =>
          (friendlyName === undefined || channel.friendlyName === friendlyName) &&
          (description === undefined || channel.attributes.description === description);
        await connection.watch.until(channel, shown, CONFIRM_TIMEOUT_MS);
        return channelSnapshot(channel, connection.identity);
      }),

    sendMessage: (name: string, message: OutgoingMessage) =>
      run(`sendMessage to "${name}"`, async (connection): Promise<BackendMessage> => {
        validateMessage(message);
        const channel = await memberChannel(connection, name);
        return sendOnce(connection, channel, message);
      }),

    editMessage: (name: string, index: number, body: string) =>
      run(`editMessage ${index} of "${name}"`, async (connection): Promise<BackendMessage> => {
        const channel = await memberChannel(connection, name);
        const stored = await storedMessage(channel, index, 'edit');
        validateBody(body, stored.message.media !== null);
        if (stored.message.body === body) return stored.message;
        const update = connection.edits.wait(stored.message.sid, (m) => m.body === body, CONFIRM_TIMEOUT_MS);
        try {
          // Only its author may: the service refuses anyone else (403, `forbidden`).
          await stored.updateBody(body);
        } catch (error) {
          update.cancel();
          throw error;
        }
        const edited = (await update.seen) ?? (await channel.messageAt(index))?.message;
        if (edited?.body === body) return edited;
        if (connection.closed)
          throw new ChatError('not_connected', 'editMessage: the connection was shut down.');
        throw new ChatError(
          'network',
          `editMessage: Twilio accepted the edit of message ${index} of "${name}", but the SDK did not see it within ${CONFIRM_TIMEOUT_MS / 1000} s (its live updates are late or the connection dropped); the new text shows when they arrive`,
        );
      }),

    deleteMessage: (name: string, index: number) =>
      run(`deleteMessage ${index} of "${name}"`, async (connection) => {
        const stored = await storedMessage(await memberChannel(connection, name), index, 'delete');
        // Only its author may: the service refuses anyone else (403, `forbidden`).
        await stored.remove();
      }),

    getMessages: (name: string, query: { pageSize: number; anchor?: number }) =>
      run(`getMessages of "${name}"`, async (connection): Promise<HistoryPage> => {
        validatePage(query?.pageSize, query?.anchor, -1);
        const channel = await channelNamed(connection, name);
        const { pageSize, anchor } = query;
        if (anchor !== undefined && anchor < 0) return { messages: [], hasOlder: false };
        const page = await channel.messages(pageSize, anchor, 'backwards');
        const messages = page.items
          .filter((message) => anchor === undefined || message.index <= anchor)
          .sort((a, b) => a.index - b.index);
        return { messages, hasOlder: page.hasPrevPage };
      }),

    getMessagesAfter: (name: string, index: number) =>
      run(`getMessagesAfter of "${name}"`, async (connection) => {
        validateIndex(index);
        const channel = await channelNamed(connection, name);
        let page = await channel.messages(100, index + 1, 'forward');
        const messages = [...page.items];
        while (page.hasNextPage) {
          page = await page.nextPage();
          messages.push(...page.items);
        }
        return messages.filter((message) => message.index > index).sort((a, b) => a.index - b.index);
      }),

    setReadHorizon: (name: string, index: number) =>
      run(`setReadHorizon of "${name}"`, async (connection) => {
        validateIndex(index);
        const channel = await memberChannel(connection, name);
        connection.invalidateUnread(name);
        // Twilio has no "-1": null unsets the horizon, which Twilio reads as "all unread".
        const reported = await setHorizon(connection, channel, index < 0 ? null : index);
        const unreadCount = reported ?? (await unreadCountOf(channel)) ?? 0;
        return { unreadCount };
      }),

    /**
     * Neither SDK has a change feed (no "what changed since"): the range is read again, `complete`.
     * A page per 100 messages the store holds, after a reconnect.
     */
    getChanges(name: string, query: ChangesQuery) {
      return rereadRange(this, name, query);
    },

    typing(name: string) {
      const connection = current;
      if (!connection?.isReady || !connection.sdk) return;
      const sdk = connection.sdk;
      const cached = connection.channels.get(name);
      // Fire and forget by contract: a lost typing signal only delays the peer's indicator.
      (cached ? cached.typing() : sdk.channelByName(name).then((channel) => channel.typing())).catch(
        () => {},
      );
    },
  };
}

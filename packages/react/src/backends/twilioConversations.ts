import type { ClientOptions } from '@twilio/conversations';
import type { ChatBackend } from '../core/backend.js';
import { ChatError } from '../core/errors.js';
import { abandonClient, cancelPendingRequests } from './twilio/abandonClient.js';
import {
  conversationName,
  conversationsChannel,
  conversationsMessage,
} from './twilio/conversationsChannel.js';
import type {
  ConversationsClient,
  ConversationsClientConstructor,
  ConversationsConversation,
} from './twilio/conversationsTypes.js';
import { createTwilioBackend } from './twilio/createTwilioBackend.js';
import { httpStatus } from './twilio/toChatError.js';
import type { TwilioListener, TwilioSession } from './twilio/types.js';
import { walkPages } from './twilio/walkPages.js';

/** Options of {@link twilioConversations}. */
export interface TwilioConversationsOptions {
  /**
   * Passed to `new Client(token, clientOptions)` (region, logLevel, …; `createLocalServer`'s
   * `twilioClientOptions` to use the local Twilio emulator). `httpCacheIntervalOverride`
   * defaults to `'PT0S'`: the SDK would otherwise serve unread counts, message counts and
   * lookups by name from a cache for a while after they changed.
   */
  clientOptions?: ClientOptions;
  /**
   * The SDK's `Client` constructor. Defaults to `@twilio/conversations`, loaded on first connect
   * so that apps on another backend never bundle it.
   */
  Client?: ConversationsClientConstructor;
  /** How long connect waits for the SDK to initialise before rejecting with `network`. Default 30 000 ms. */
  connectTimeoutMs?: number;
}

/**
 * A ChatBackend on Twilio Conversations (`@twilio/conversations` 2.4+/3), the production default
 * of `<ChatProvider>`. Tokens are the same ChatGrant tokens `@chat/server` mints, with an `IS…`
 * Conversations service SID.
 *
 * @example <ChatProvider backend={twilioConversations({ clientOptions: { logLevel: 'warn' } })}>
 */
export function twilioConversations(options: TwilioConversationsOptions = {}): ChatBackend {
  return createTwilioBackend(
    {
      kind: 'twilio-conversations',
      open: async (token, listener) => {
        const Client = options.Client ?? (await loadClient());
        // `new Client(token)`: `Client.create()` is deprecated and resolves even when initialisation failed.
        const client = new Client(token, { httpCacheIntervalOverride: 'PT0S', ...options.clientOptions });
        listen(client, listener);
        return session(client);
      },
    },
    {
      connectTimeoutMs: options.connectTimeoutMs,
      joinHint:
        'Conversations has no public channels: ask a member to add you (addMember), or add the participant from your server',
    },
  );
}

async function loadClient(): Promise<ConversationsClientConstructor> {
  try {
    const sdk: {
      Client?: ConversationsClientConstructor;
      default?: { Client?: ConversationsClientConstructor };
    } = await import('@twilio/conversations');
    const Client = sdk.Client ?? sdk.default?.Client;
    if (Client) return Client;
  } catch (error) {
    throw new ChatError(
      'backend',
      'twilioConversations(): the @twilio/conversations package is missing; npm install @twilio/conversations.',
      { cause: error },
    );
  }
  throw new ChatError(
    'backend',
    'twilioConversations(): @twilio/conversations did not export Client; install version 2.4 or 3.',
  );
}

/** Subscribes the listener to every SDK event the backend maps. */
function listen(client: ConversationsClient, listener: TwilioListener): void {
  // Not the deprecated stateChanged: its 'failed' comes before initFailed, without the reason.
  client.on('initialized', () => listener.ready());
  client.on('initFailed', ({ error }) => listener.failed(error ?? { message: 'initialisation failed' }));
  client.on('connectionStateChanged', (state) => listener.connectionStateChanged(state));
  client.on('connectionError', (error) => listener.connectionError(error));
  client.on('tokenAboutToExpire', () => listener.tokenAboutToExpire());
  client.on('tokenExpired', () => listener.tokenExpired());
  // Not conversationAdded: it comes before the SDK sets the status, so the user is never a member yet.
  client.on('conversationJoined', (c) => listener.channelAdded(conversationsChannel(c)));
  client.on('conversationLeft', (c) => listener.channelRemoved(conversationsChannel(c)));
  client.on('conversationRemoved', (c) => listener.channelRemoved(conversationsChannel(c)));
  client.on('conversationUpdated', ({ conversation, updateReasons }) =>
    listener.channelUpdated(conversationsChannel(conversation), updateReasons),
  );
  client.on('participantJoined', (p) => listener.memberJoined(conversationName(p.conversation), p.identity));
  client.on('participantLeft', (p) => listener.memberLeft(conversationName(p.conversation), p.identity));
  client.on('typingStarted', (p) => listener.typingStarted(conversationName(p.conversation), p.identity));
  client.on('typingEnded', (p) => listener.typingEnded(conversationName(p.conversation), p.identity));
  client.on('messageAdded', (message) => listener.messageAdded(conversationsMessage(message)));
  client.on('messageUpdated', ({ message, updateReasons }) => {
    if (updateReasons.includes('body')) listener.messageUpdated(conversationsMessage(message));
  });
  client.on('messageRemoved', (message) => listener.messageRemoved(conversationsMessage(message)));
  client.on('participantUpdated', ({ participant: p, updateReasons }) => {
    if (updateReasons.includes('lastReadMessageIndex')) {
      listener.memberHorizonChanged(conversationName(p.conversation), p.identity, p.lastReadMessageIndex);
    }
  });
}

function session(client: ConversationsClient): TwilioSession {
  return {
    get identity() {
      return client.user.identity;
    },
    get connectionState() {
      return client.connectionState;
    },
    shutdown: async () => {
      try {
        await client.shutdown();
      } finally {
        cancelPendingRequests(client, '_services');
      }
    },
    abandon: () => abandonClient(client, '_services'),
    firstListing: async () => {
      await client.getSubscribedConversations().catch(() => {});
    },
    updateToken: async (token) => {
      await client.updateToken(token);
    },
    subscribedChannels: async () =>
      (await walkPages(await client.getSubscribedConversations())).map(conversationsChannel),
    channelByName: async (name) => {
      let conversation: ConversationsConversation | null;
      try {
        conversation = await client.getConversationByUniqueName(name);
      } catch (error) {
        // When Twilio's answer names no conversation (or its Sync objects are gone), the SDK
        // throws a plain Error "Conversation with unique name … was not found." (no status, no code).
        if (!(error instanceof Error) || httpStatus(error) !== null || !/not found/i.test(error.message)) {
          throw error;
        }
        conversation = null;
      }
      if (!conversation)
        throw new ChatError(
          'channel_not_found',
          `no conversation named ${JSON.stringify(name)}; check the name.`,
        );
      return conversationsChannel(conversation);
    },
    createChannel: async ({ name, friendlyName, attributes }) =>
      conversationsChannel(await client.createConversation({ uniqueName: name, friendlyName, attributes })),
  };
}

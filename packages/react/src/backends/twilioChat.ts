import type { ClientOptions } from 'twilio-chat';
import type { ChatBackend } from '../core/backend.js';
import { ChatError } from '../core/errors.js';
import { abandonClient, cancelPendingRequests } from './twilio/abandonClient.js';
import { chatChannel, chatChannelName, chatMessage } from './twilio/chatChannel.js';
import type { ChatChannel, ChatClient, ChatClientConstructor } from './twilio/chatTypes.js';
import { createTwilioBackend } from './twilio/createTwilioBackend.js';
import type { TwilioListener, TwilioSession } from './twilio/types.js';
import { walkPages } from './twilio/walkPages.js';

/** Options of {@link twilioChat}. */
export interface TwilioChatOptions {
  /**
   * Passed to `new Client(token, clientOptions)` (region, logLevel, …; `createLocalServer`'s
   * `twilioClientOptions` to use the local Twilio emulator). `httpCacheIntervalOverride`
   * defaults to `'PT0S'` (an ISO 8601 duration, whatever twilio-chat's type says): the SDK would
   * otherwise serve unread counts, message counts and lookups by name from a cache for a while
   * after they changed.
   */
  clientOptions?: ClientOptions;
  /**
   * The SDK's `Client` constructor. Defaults to `twilio-chat`, loaded on first connect so that
   * apps on another backend never bundle it.
   */
  Client?: ChatClientConstructor;
  /** How long connect waits for the SDK to initialise before rejecting with `network`. Default 30 000 ms. */
  connectTimeoutMs?: number;
}

/** Fresh unread counts and lookups: see `TwilioChatOptions.clientOptions`. */
const NO_HTTP_CACHE = { httpCacheIntervalOverride: 'PT0S' };

/**
 * A ChatBackend on Twilio Programmable Chat (`twilio-chat` 6), the SDK the original project
 * wrapped. Twilio retired Programmable Chat on 2022-07-25 (Flex excepted): new apps use
 * {@link twilioConversations}; this backend keeps existing deployments running unchanged.
 *
 * @example <ChatProvider backend={twilioChat()}>
 */
export function twilioChat(options: TwilioChatOptions = {}): ChatBackend {
  return createTwilioBackend(
    {
      kind: 'twilio-chat',
      open: async (token, listener) => {
        const Client = options.Client ?? (await loadClient());
        // `new Client(token)`: `Client.create()` is deprecated and resolves even when initialisation failed.
        // twilio-chat parses this override as an ISO 8601 duration, though its type says number.
        const client = new Client(token, Object.assign({}, NO_HTTP_CACHE, options.clientOptions));
        listen(client, listener);
        return session(client);
      },
    },
    { connectTimeoutMs: options.connectTimeoutMs },
  );
}

async function loadClient(): Promise<ChatClientConstructor> {
  try {
    const sdk: { Client?: ChatClientConstructor; default?: { Client?: ChatClientConstructor } } =
      await import('twilio-chat');
    const Client = sdk.Client ?? sdk.default?.Client;
    if (Client) return Client;
  } catch (error) {
    throw new ChatError(
      'backend',
      'twilioChat(): the twilio-chat package is missing; npm install twilio-chat@6.',
      {
        cause: error,
      },
    );
  }
  throw new ChatError('backend', 'twilioChat(): twilio-chat did not export Client; install version 6.');
}

/** Subscribes the listener to every SDK event the backend maps. */
function listen(client: ChatClient, listener: TwilioListener): void {
  // twilio-chat has no initialized/initFailed events: stateChanged is the only signal.
  // Its 'failed' carries no reason: the connection takes it from the connectionError just before.
  client.on('stateChanged', (state) => {
    if (state === 'initialized') listener.ready();
    else if (state === 'failed') listener.failed({ message: 'initialisation failed' });
  });
  client.on('connectionStateChanged', (state) => listener.connectionStateChanged(state));
  client.on('connectionError', (error) => listener.connectionError(error));
  // Fired with the remaining ttl; the store only needs to know that it is time to refresh.
  client.on('tokenAboutToExpire', () => listener.tokenAboutToExpire());
  client.on('tokenExpired', () => listener.tokenExpired());
  // channelAdded also fires for public channels the user merely sees; membership is channelJoined.
  client.on('channelJoined', (c) => listener.channelAdded(chatChannel(c)));
  client.on('channelLeft', (c) => listener.channelRemoved(chatChannel(c)));
  client.on('channelRemoved', (c) => listener.channelRemoved(chatChannel(c)));
  client.on('channelUpdated', ({ channel, updateReasons }) =>
    listener.channelUpdated(chatChannel(channel), updateReasons),
  );
  client.on('memberJoined', (m) => listener.memberJoined(chatChannelName(m.channel), m.identity));
  client.on('memberLeft', (m) => listener.memberLeft(chatChannelName(m.channel), m.identity));
  client.on('typingStarted', (m) => listener.typingStarted(chatChannelName(m.channel), m.identity));
  client.on('typingEnded', (m) => listener.typingEnded(chatChannelName(m.channel), m.identity));
  client.on('messageAdded', (message) => listener.messageAdded(chatMessage(message)));
  client.on('messageUpdated', ({ message, updateReasons }) => {
    if (updateReasons.includes('body')) listener.messageUpdated(chatMessage(message));
  });
  client.on('messageRemoved', (message) => listener.messageRemoved(chatMessage(message)));
  client.on('memberUpdated', ({ member: m, updateReasons }) => {
    if (updateReasons.includes('lastConsumedMessageIndex')) {
      listener.memberHorizonChanged(chatChannelName(m.channel), m.identity, m.lastConsumedMessageIndex);
    }
  });
}

function session(client: ChatClient): TwilioSession {
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
        cancelPendingRequests(client, 'services');
      }
    },
    abandon: () => abandonClient(client, 'services'),
    firstListing: async () => {
      await client.getSubscribedChannels().catch(() => {});
    },
    updateToken: async (token) => {
      await client.updateToken(token);
    },
    subscribedChannels: async () => (await walkPages(await client.getSubscribedChannels())).map(chatChannel),
    channelByName: async (name) => {
      const channel: ChatChannel | null = await client.getChannelByUniqueName(name);
      if (!channel) {
        throw new ChatError('channel_not_found', `no channel named ${JSON.stringify(name)}; check the name.`);
      }
      return chatChannel(channel);
    },
    createChannel: async ({ name, friendlyName, attributes, isPrivate }) =>
      chatChannel(await client.createChannel({ uniqueName: name, friendlyName, attributes, isPrivate })),
  };
}

import {
  Client as ConversationsClient,
  type ClientOptions as ConversationsClientOptions,
} from '@twilio/conversations';
import { Client as ChatClient, type ClientOptions as ChatClientOptions } from 'twilio-chat';
import { afterEach } from 'vitest';
import type { LocalServer } from '../../createLocalServer.js';

/** One of the two SDKs, driven through the same small surface so that every test runs on both. */
export type SdkName = 'conversations' | 'chat';

/** An SDK message as the tests read it. */
export interface SdkMessage {
  index: number;
  author: string | null;
  body: string | null;
  attributes: unknown;
  mediaSid: string | null;
  mediaUrl(): Promise<string | null>;
}

/** An SDK page of messages. */
export interface SdkPage {
  items: SdkMessage[];
  hasPrevPage: boolean;
  prevPage(): Promise<SdkPage>;
}

/** A conversation (Conversations) or channel (twilio-chat). */
export interface SdkChannel {
  readonly sid: string;
  readonly uniqueName: string | null;
  readonly friendlyName: string | null;
  readonly attributes: unknown;
  readonly status: string;
  readonly lastReadIndex: number | null;
  join(): Promise<unknown>;
  add(identity: string): Promise<unknown>;
  send(body: string, attributes?: object): Promise<number | null>;
  sendMedia(contentType: string, media: Buffer, filename: string): Promise<number | null>;
  messages(pageSize?: number, anchor?: number): Promise<SdkPage>;
  unreadCount(): Promise<number | null>;
  setLastReadIndex(index: number | null): Promise<number | null>;
  typing(): Promise<void>;
  memberHorizon(identity: string): Promise<number | null | undefined>;
  /**
   * Waits until the SDK has opened the messages list and roster. Items present when it opens
   * them arrive without events (on Twilio too): tests that expect live events wait for this.
   */
  streams(): Promise<void>;
}

/** A connected SDK client, with the events the tests wait for recorded. */
export interface SdkUser {
  readonly sdk: SdkName;
  readonly identity: string;
  readonly client: ConversationsClient | ChatClient;
  /** Every event the client emitted, by name, in order. */
  readonly events: Array<{ name: string; args: unknown[] }>;
  subscribed(): Promise<SdkChannel[]>;
  create(uniqueName: string, attributes: object, isPrivate?: boolean): Promise<SdkChannel>;
  byName(uniqueName: string): Promise<SdkChannel>;
  /** The channel object of a channel-level event's argument. */
  channelOf(value: unknown): SdkChannel;
  shutdown(): Promise<void>;
}

const RECORDED = [
  'connectionStateChanged',
  'connectionError',
  'tokenAboutToExpire',
  'tokenExpired',
  'conversationAdded',
  'conversationJoined',
  'conversationLeft',
  'conversationUpdated',
  'channelAdded',
  'channelJoined',
  'channelLeft',
  'channelUpdated',
  'participantJoined',
  'participantLeft',
  'participantUpdated',
  'memberJoined',
  'memberLeft',
  'memberUpdated',
  'messageAdded',
  'messageUpdated',
  'messageRemoved',
  'typingStarted',
  'typingEnded',
] as const;

const open = new Set<SdkUser>();

afterEach(async () => {
  await Promise.all([...open].map((user) => user.shutdown().catch(() => {})));
  open.clear();
});

type AnyChannel = Record<string, unknown>;

function message(sdk: SdkName, raw: Record<string, unknown>): SdkMessage {
  const media =
    sdk === 'conversations'
      ? ((raw.attachedMedia as Array<Record<string, unknown>> | null)?.[0] ?? null)
      : ((raw.media as Record<string, unknown> | null) ?? null);
  return {
    index: raw.index as number,
    author: raw.author as string | null,
    body: raw.body as string | null,
    attributes: raw.attributes,
    mediaSid: (media?.sid as string | undefined) ?? null,
    mediaUrl: async () =>
      media ? ((await (media.getContentTemporaryUrl as () => Promise<string | null>)()) ?? null) : null,
  };
}

function page(sdk: SdkName, raw: Record<string, unknown>): SdkPage {
  return {
    items: (raw.items as Array<Record<string, unknown>>).map((item) => message(sdk, item)),
    hasPrevPage: raw.hasPrevPage as boolean,
    prevPage: async () =>
      page(
        sdk,
        (await (raw.prevPage as () => Promise<Record<string, unknown>>)()) as Record<string, unknown>,
      ),
  };
}

function channel(sdk: SdkName, raw: AnyChannel): SdkChannel {
  const call = <T>(name: string, ...args: unknown[]) =>
    (raw[name] as (...a: unknown[]) => Promise<T>).apply(raw, args);
  return {
    get sid() {
      return raw.sid as string;
    },
    get uniqueName() {
      return raw.uniqueName as string | null;
    },
    get friendlyName() {
      return raw.friendlyName as string | null;
    },
    get attributes() {
      return raw.attributes;
    },
    get status() {
      return raw.status as string;
    },
    get lastReadIndex() {
      return (sdk === 'conversations' ? raw.lastReadMessageIndex : raw.lastConsumedMessageIndex) as
        | number
        | null;
    },
    join: () => call('join'),
    add: (identity) => call('add', identity),
    send: (body, attributes) => call('sendMessage', body, attributes),
    sendMedia: (contentType, media, filename) => call('sendMessage', { contentType, media, filename }),
    messages: async (pageSize, anchor) => page(sdk, await call('getMessages', pageSize, anchor)),
    unreadCount: () =>
      call(sdk === 'conversations' ? 'getUnreadMessagesCount' : 'getUnconsumedMessagesCount'),
    setLastReadIndex: (index) =>
      call(sdk === 'conversations' ? 'updateLastReadMessageIndex' : 'updateLastConsumedMessageIndex', index),
    typing: () => call('typing'),
    streams: async () => {
      await call('getMessages', 1);
      await call(sdk === 'conversations' ? 'getParticipants' : 'getMembers');
    },
    memberHorizon: async (identity) => {
      const members = await call<Array<Record<string, unknown>>>(
        sdk === 'conversations' ? 'getParticipants' : 'getMembers',
      );
      const member = members.find((m) => m.identity === identity);
      if (!member) return undefined;
      return (sdk === 'conversations' ? member.lastReadMessageIndex : member.lastConsumedMessageIndex) as
        | number
        | null;
    },
  };
}

/** Creates an SDK client against the server's Twilio emulator (it starts connecting at once). */
export function newClient(
  sdk: SdkName,
  server: LocalServer,
  token: string,
): ConversationsClient | ChatClient {
  // Typed as each SDK's ClientOptions, without a cast: users pass it as `clientOptions` as it is.
  const options = server.twilioClientOptions!;
  const conversationsOptions: ConversationsClientOptions = options;
  const chatOptions: ChatClientOptions = options;
  return sdk === 'conversations'
    ? new ConversationsClient(token, conversationsOptions)
    : new ChatClient(token, chatOptions);
}

/** Resolves once the client is initialised; rejects with the reason when it fails. */
export function initialised(client: ConversationsClient | ChatClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const emitter = client as unknown as { on(event: string, listener: (...args: unknown[]) => void): void };
    emitter.on('stateChanged', (state) => {
      if (state === 'initialized') resolve();
      else if (state === 'failed') reject(new Error('SDK client failed to initialise'));
    });
  });
}

/** Connects a user with one SDK and waits for `initialized`; shut down after the test. */
export async function connectSdk(
  sdk: SdkName,
  server: LocalServer,
  identity: string,
  token: string,
): Promise<SdkUser> {
  const client = newClient(sdk, server, token);
  const events: SdkUser['events'] = [];
  const emitter = client as unknown as { on(event: string, listener: (...args: unknown[]) => void): void };
  for (const name of RECORDED) emitter.on(name, (...args) => events.push({ name, args }));
  const ready = initialised(client);
  const wrapped = new WeakMap<object, SdkChannel>();
  const wrap = (raw: unknown) => {
    const key = raw as object;
    let found = wrapped.get(key);
    if (!found) {
      found = channel(sdk, raw as AnyChannel);
      wrapped.set(key, found);
    }
    return found;
  };
  let closed = false;
  const user: SdkUser = {
    sdk,
    identity,
    client,
    events,
    subscribed: async () => {
      const list =
        sdk === 'conversations'
          ? await (client as ConversationsClient).getSubscribedConversations()
          : await (client as ChatClient).getSubscribedChannels();
      return (list.items as unknown[]).map(wrap);
    },
    create: async (uniqueName, attributes, isPrivate = false) =>
      wrap(
        sdk === 'conversations'
          ? await (client as ConversationsClient).createConversation({
              uniqueName,
              friendlyName: uniqueName,
              attributes: attributes as never,
            })
          : await (client as ChatClient).createChannel({
              uniqueName,
              friendlyName: uniqueName,
              attributes,
              isPrivate,
            }),
      ),
    byName: async (uniqueName) =>
      wrap(
        sdk === 'conversations'
          ? await (client as ConversationsClient).getConversationByUniqueName(uniqueName)
          : await (client as ChatClient).getChannelByUniqueName(uniqueName),
      ),
    channelOf: (value) => {
      const record = value as Record<string, unknown>;
      return wrap(record.conversation ?? record.channel ?? value);
    },
    shutdown: async () => {
      if (closed) return;
      closed = true;
      await client.shutdown();
    },
  };
  open.add(user);
  await ready;
  // The SDKs fetch the channel list in the background after `initialized` and leave its promise
  // unhandled: a shutdown while it is in flight would surface as an unhandled rejection.
  await user.subscribed();
  return user;
}

/** Waits until `condition` holds (polling; bounded by the test timeout). */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what = 'the condition',
): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The first recorded event of a name matching, waiting for it. */
export async function nextEvent(
  user: SdkUser,
  name: string,
  match: (args: unknown[]) => boolean = () => true,
) {
  let found: { name: string; args: unknown[] } | undefined;
  await until(() => {
    found = user.events.find((event) => event.name === name && match(event.args));
    return found !== undefined;
  }, `${user.identity}'s ${name}`);
  return found!.args;
}

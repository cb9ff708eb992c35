import type {
  Channel,
  ChannelUpdateReason,
  ClientOptions,
  ConnectionState,
  CreateChannelOptions,
  Media,
  Member,
  MemberUpdateReason,
  Message,
  MessageUpdateReason,
  State,
} from 'twilio-chat';
import type { ListenerOverloads } from './listenerOverloads.js';

/*
 * The parts of `twilio-chat` 6 the backend uses, declared from the SDK's own types (see
 * conversationsTypes.ts for why): the real Client is assigned to `ChatClientConstructor` in
 * twilioChat.ts and the fakes implement these interfaces.
 */

/** twilio-chat does not export its Paginator interface; this is its shape. */
export interface ChatPaginator<T> {
  items: T[];
  hasNextPage: boolean;
  hasPrevPage: boolean;
  nextPage(): Promise<ChatPaginator<T>>;
  prevPage(): Promise<ChatPaginator<T>>;
}

export type ChatChannelRef = Pick<Channel, 'sid' | 'uniqueName'>;

export type ChatMedia = Pick<Media, 'sid' | 'filename' | 'contentType' | 'size' | 'getContentTemporaryUrl'>;

export interface ChatMessage
  extends Pick<
    Message,
    | 'sid'
    | 'index'
    | 'author'
    | 'body'
    | 'attributes'
    | 'dateCreated'
    | 'dateUpdated'
    | 'lastUpdatedBy'
    | 'type'
  > {
  /** Typed non-null by the SDK, but null for text messages. */
  readonly media: ChatMedia | null;
  readonly channel: ChatChannelRef;
  updateBody(body: string): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface ChatMember extends Pick<Member, 'identity' | 'lastConsumedMessageIndex'> {
  readonly channel: ChatChannelRef;
}

export interface ChatChannel
  extends Pick<
    Channel,
    | 'sid'
    | 'uniqueName'
    | 'friendlyName'
    | 'attributes'
    | 'status'
    | 'isPrivate'
    | 'lastConsumedMessageIndex'
    | 'createdBy'
    | 'add'
    | 'removeMember'
    | 'updateFriendlyName'
    | 'updateAttributes'
    | 'getUnconsumedMessagesCount'
    | 'getMessagesCount'
    | 'updateLastConsumedMessageIndex'
    | 'advanceLastConsumedMessageIndex'
    | 'typing'
    | 'sendMessage'
  > {
  join(): Promise<unknown>;
  leave(): Promise<unknown>;
  getMembers(): Promise<ChatMember[]>;
  getMessages(
    pageSize?: number,
    anchor?: number,
    direction?: 'backwards' | 'forward',
  ): Promise<ChatPaginator<ChatMessage>>;
}

export interface ChatClientEvents {
  stateChanged: (state: State) => void;
  connectionStateChanged: (state: ConnectionState) => void;
  connectionError: (data: { terminal: boolean; message: string }) => void;
  tokenAboutToExpire: (ttl: number) => void;
  tokenExpired: () => void;
  channelJoined: (channel: ChatChannel) => void;
  channelLeft: (channel: ChatChannel) => void;
  channelRemoved: (channel: ChatChannel) => void;
  channelUpdated: (data: { channel: ChatChannel; updateReasons: ChannelUpdateReason[] }) => void;
  memberJoined: (member: ChatMember) => void;
  memberLeft: (member: ChatMember) => void;
  memberUpdated: (data: { member: ChatMember; updateReasons: MemberUpdateReason[] }) => void;
  messageAdded: (message: ChatMessage) => void;
  messageUpdated: (data: { message: ChatMessage; updateReasons: MessageUpdateReason[] }) => void;
  messageRemoved: (message: ChatMessage) => void;
  typingStarted: (member: ChatMember) => void;
  typingEnded: (member: ChatMember) => void;
}

export interface ChatClient {
  readonly connectionState: ConnectionState;
  readonly user: { readonly identity: string };
  on: ListenerOverloads<ChatClientEvents>;
  shutdown(): Promise<void>;
  updateToken(token: string): Promise<unknown>;
  getSubscribedChannels(): Promise<ChatPaginator<ChatChannel>>;
  getChannelByUniqueName(uniqueName: string): Promise<ChatChannel>;
  createChannel(options?: CreateChannelOptions): Promise<ChatChannel>;
}

/** `new Client(token, options)` — the SDK's constructor. */
export type ChatClientConstructor = new (token: string, options?: ClientOptions) => ChatClient;

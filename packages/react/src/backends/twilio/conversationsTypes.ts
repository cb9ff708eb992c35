import type {
  ClientOptions,
  ConnectionState,
  Conversation,
  ConversationUpdateReason,
  CreateConversationOptions,
  JSONValue,
  Media,
  Message,
  MessageUpdateReason,
  Paginator,
  Participant,
  ParticipantUpdateReason,
  SendMediaOptions,
  State,
} from '@twilio/conversations';
import type { ListenerOverloads } from './listenerOverloads.js';

/*
 * The parts of `@twilio/conversations` the backend uses, declared from the SDK's own types. The
 * real `Client` is assigned to `ConversationsClientConstructor` in twilioConversations.ts and the
 * test fakes implement these interfaces, so an SDK upgrade that changes one of these signatures
 * breaks the build instead of production. Methods returning SDK classes are narrowed to the
 * members read (a class with private fields cannot be faked structurally).
 */

/** The channel a message or participant belongs to. */
export type ConversationRef = Pick<Conversation, 'sid' | 'uniqueName'>;

export interface ConversationsMedia extends Pick<Media, 'sid' | 'filename' | 'contentType' | 'size'> {
  /** SDK: a CancellablePromise, which is a Promise. */
  getContentTemporaryUrl(): Promise<string | null>;
}

/** What the message mapper reads (the fields of an edit are absent where a caller has none). */
export interface ConversationsMessageFields
  extends Pick<Message, 'sid' | 'index' | 'author' | 'body' | 'attributes' | 'dateCreated'>,
    Partial<Pick<Message, 'dateUpdated' | 'lastUpdatedBy'>> {
  readonly attachedMedia: ConversationsMedia[] | null;
  readonly conversation: ConversationRef;
}

export interface ConversationsMessage extends ConversationsMessageFields {
  readonly dateUpdated: Message['dateUpdated'];
  readonly lastUpdatedBy: Message['lastUpdatedBy'];
  updateBody(body: string): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface ConversationsParticipant extends Pick<Participant, 'identity' | 'lastReadMessageIndex'> {
  readonly conversation: ConversationRef;
}

export interface ConversationsMessageBuilder {
  setBody(text: string): ConversationsMessageBuilder;
  setAttributes(attributes: JSONValue): ConversationsMessageBuilder;
  addMedia(payload: FormData | SendMediaOptions): ConversationsMessageBuilder;
  build(): { send(): Promise<number | null> };
}

export interface ConversationsConversation
  extends Pick<
    Conversation,
    | 'sid'
    | 'uniqueName'
    | 'friendlyName'
    | 'attributes'
    | 'status'
    | 'lastReadMessageIndex'
    | 'createdBy'
    | 'add'
    | 'removeParticipant'
    | 'updateFriendlyName'
    | 'updateAttributes'
    | 'getUnreadMessagesCount'
    | 'getMessagesCount'
    | 'updateLastReadMessageIndex'
    | 'advanceLastReadMessageIndex'
    | 'typing'
  > {
  join(): Promise<unknown>;
  leave(): Promise<unknown>;
  getParticipants(): Promise<ConversationsParticipant[]>;
  getMessages(
    pageSize?: number,
    anchor?: number,
    direction?: 'backwards' | 'forward',
  ): Promise<Paginator<ConversationsMessage>>;
  prepareMessage(): ConversationsMessageBuilder;
}

/** The client events the backend listens to, with the SDK's argument shapes. */
export interface ConversationsClientEvents {
  initialized: () => void;
  initFailed: (data: { error?: { terminal: boolean; message: string } }) => void;
  stateChanged: (state: State) => void;
  connectionStateChanged: (state: ConnectionState) => void;
  connectionError: (data: { terminal: boolean; message: string }) => void;
  tokenAboutToExpire: () => void;
  tokenExpired: () => void;
  conversationAdded: (conversation: ConversationsConversation) => void;
  conversationJoined: (conversation: ConversationsConversation) => void;
  conversationLeft: (conversation: ConversationsConversation) => void;
  conversationRemoved: (conversation: ConversationsConversation) => void;
  conversationUpdated: (data: {
    conversation: ConversationsConversation;
    updateReasons: ConversationUpdateReason[];
  }) => void;
  participantJoined: (participant: ConversationsParticipant) => void;
  participantLeft: (participant: ConversationsParticipant) => void;
  participantUpdated: (data: {
    participant: ConversationsParticipant;
    updateReasons: ParticipantUpdateReason[];
  }) => void;
  messageAdded: (message: ConversationsMessage) => void;
  messageUpdated: (data: { message: ConversationsMessage; updateReasons: MessageUpdateReason[] }) => void;
  messageRemoved: (message: ConversationsMessage) => void;
  typingStarted: (participant: ConversationsParticipant) => void;
  typingEnded: (participant: ConversationsParticipant) => void;
}

export interface ConversationsClient {
  readonly connectionState: ConnectionState;
  readonly user: { readonly identity: string };
  on: ListenerOverloads<ConversationsClientEvents>;
  shutdown(): Promise<void>;
  updateToken(token: string): Promise<unknown>;
  getSubscribedConversations(): Promise<Paginator<ConversationsConversation>>;
  getConversationByUniqueName(uniqueName: string): Promise<ConversationsConversation>;
  createConversation(options?: CreateConversationOptions): Promise<ConversationsConversation>;
}

/** `new Client(token, options)` — the SDK's constructor. */
export type ConversationsClientConstructor = new (
  token: string,
  options?: ClientOptions | null,
) => ConversationsClient;

import type { ConnectionState, CreateConversationOptions } from '@twilio/conversations';
import type {
  ConversationsClient,
  ConversationsClientConstructor,
  ConversationsConversation,
} from '../../conversationsTypes.js';
import { FakeClientBase } from './FakeClientBase.js';
import { FakeConversation } from './FakeConversation.js';
import { type FakeService, FakeTwilioError, type ServiceEvent } from './FakeService.js';
import { listPaginator } from './fakePaginator.js';

/** Page size of getSubscribedConversations: small, so that a backend reading one page misses channels. */
export const SUBSCRIBED_PAGE_SIZE = 2;

/** A Conversations `Client` over the fake service. */
export class FakeConversationsClient extends FakeClientBase implements ConversationsClient {
  declare readonly connectionState: ConnectionState;
  readonly #conversations = new Map<string, FakeConversation>();
  /** Counts `Client.create()` calls: the deprecated factory the backend must not use. */
  static createCalls = 0;

  /** The deprecated factory; resolves even when initialisation failed, which is why it is a trap. */
  static async create(): Promise<never> {
    FakeConversationsClient.createCalls += 1;
    throw new Error('Client.create() is deprecated; use new Client(token)');
  }

  conversation(sid: string): FakeConversation {
    let conversation = this.#conversations.get(sid);
    if (!conversation) {
      conversation = new FakeConversation(this, sid);
      this.#conversations.set(sid, conversation);
    }
    return conversation;
  }

  protected initialisedEvents(): void {
    this.fire('stateChanged', 'initialized');
    this.fire('initialized');
    for (const channel of this.service.channels.values()) {
      if (channel.members.has(this.user.identity))
        this.fire('conversationAdded', this.conversation(channel.sid));
    }
  }

  protected failed(message: string): void {
    this.fire('stateChanged', 'failed');
    this.fire('initFailed', { error: { terminal: true, message } });
  }

  protected deliver(event: ServiceEvent): void {
    const conversation = this.conversation(event.sid);
    switch (event.type) {
      case 'added':
        this.fire('conversationJoined', conversation);
        this.fire('conversationAdded', conversation);
        return;
      case 'removed':
        this.fire('conversationLeft', conversation);
        this.fire('conversationRemoved', conversation);
        return;
      case 'updated':
        this.fire('conversationUpdated', { conversation, updateReasons: event.reasons });
        return;
      case 'message':
        this.fire('messageAdded', conversation.message(event.message));
        return;
      default:
        this.fire(
          event.type === 'memberJoined'
            ? 'participantJoined'
            : event.type === 'memberLeft'
              ? 'participantLeft'
              : event.type,
          {
            identity: event.identity,
            conversation,
          },
        );
    }
  }

  async getSubscribedConversations() {
    const me = this.guard();
    const mine = [...this.service.channels.values()].filter((c) => c.members.has(me));
    return listPaginator<ConversationsConversation>(
      mine.map((c) => this.conversation(c.sid)),
      SUBSCRIBED_PAGE_SIZE,
    );
  }

  /** Conversations has no public channels: only participants can get a conversation. */
  async getConversationByUniqueName(uniqueName: string): Promise<ConversationsConversation> {
    const me = this.guard();
    const stored = this.service.byName(uniqueName);
    if (!stored?.members.has(me)) {
      throw new FakeTwilioError(404, this.service.codes.notFound, 'Conversation not found');
    }
    return this.conversation(stored.sid);
  }

  async createConversation(options: CreateConversationOptions = {}): Promise<ConversationsConversation> {
    this.guard();
    const stored = this.service.create({
      uniqueName: options.uniqueName ?? this.service.sid('CH'),
      friendlyName: options.friendlyName ?? '',
      attributes: (options.attributes ?? {}) as Record<string, string>,
      isPrivate: false,
    });
    return this.conversation(stored.sid);
  }
}

/** A constructor bound to `service`, passed to `twilioConversations({ Client })`. */
export function fakeConversationsClient(service: FakeService): ConversationsClientConstructor & {
  create: typeof FakeConversationsClient.create;
} {
  return class extends FakeConversationsClient {
    constructor(token: string) {
      super(service, token);
    }
  };
}

import type { Conversation, JSONValue, SendMediaOptions } from '@twilio/conversations';
import type {
  ConversationsConversation,
  ConversationsMedia,
  ConversationsMessage,
  ConversationsMessageBuilder,
  ConversationsParticipant,
} from '../../conversationsTypes.js';
import type { FakeClientBase } from './FakeClientBase.js';
import type { StoredMedia, StoredMessage } from './FakeService.js';
import { dataUrl, messagePaginator } from './fakePaginator.js';

/** The SDK does not export this type; its shape comes from `Conversation.add`. */
type ParticipantResponse = Awaited<ReturnType<Conversation['add']>>;

/** A Conversations `Conversation` over the fake service, as one client (user) sees it. */
export class FakeConversation implements ConversationsConversation {
  readonly sid: string;
  readonly #client: FakeClientBase;

  constructor(client: FakeClientBase, sid: string) {
    this.#client = client;
    this.sid = sid;
  }

  get #stored() {
    return this.#client.service.get(this.sid);
  }
  get #me(): string {
    return this.#client.guard();
  }
  get uniqueName(): string | null {
    return this.#stored.uniqueName;
  }
  get friendlyName(): string | null {
    return this.#stored.friendlyName;
  }
  get attributes(): JSONValue {
    return this.#stored.attributes;
  }
  get status(): 'joined' | 'notParticipating' {
    return this.#stored.members.has(this.#client.user.identity) ? 'joined' : 'notParticipating';
  }
  get lastReadMessageIndex(): number | null {
    return this.#stored.members.get(this.#client.user.identity) ?? null;
  }

  async join(): Promise<this> {
    this.#client.service.addMember(this.sid, this.#me);
    return this;
  }
  async leave(): Promise<this> {
    this.#client.service.removeMember(this.sid, this.#me);
    return this;
  }
  async add(identity: string): Promise<ParticipantResponse> {
    this.#me;
    this.#client.service.addMember(this.sid, identity);
    const now = new Date().toISOString();
    return {
      account_sid: 'AC0',
      chat_service_sid: 'IS0',
      conversation_sid: this.sid,
      role_sid: 'RL0',
      sid: this.#client.service.sid('MB'),
      attributes: '{}',
      date_created: now,
      date_updated: now,
      identity,
      messaging_binding: null,
      url: '',
      links: { conversation: '' },
    };
  }
  async getParticipants(): Promise<ConversationsParticipant[]> {
    this.#me;
    return [...this.#stored.members.keys()].map((identity) => ({ identity, conversation: this }));
  }
  async getMessages(pageSize?: number, anchor?: number, direction?: 'backwards' | 'forward') {
    this.#me;
    return messagePaginator(this.#stored.messages, (m) => this.message(m), pageSize, anchor, direction);
  }
  async getUnreadMessagesCount(): Promise<number | null> {
    return this.#client.service.unread(this.sid, this.#me);
  }
  async getMessagesCount(): Promise<number> {
    this.#me;
    return this.#stored.messages.length;
  }
  /** Like the SDK: on an empty conversation it returns 0 and leaves the horizon unset. */
  async setAllMessagesRead(): Promise<number> {
    const newest = this.#stored.messages.at(-1);
    if (!newest) return 0;
    return this.#client.service.setHorizon(this.sid, this.#me, newest.index, true) ?? 0;
  }
  async updateLastReadMessageIndex(index: number | null): Promise<number> {
    return this.#client.service.setHorizon(this.sid, this.#me, index) as number;
  }
  async advanceLastReadMessageIndex(index: number): Promise<number> {
    return this.#client.service.setHorizon(this.sid, this.#me, index, true) as number;
  }
  async typing(): Promise<void> {
    this.#client.service.typing(this.sid, this.#me);
  }
  prepareMessage(): ConversationsMessageBuilder {
    const me = this.#me;
    const draft: { body: string | null; attributes: Record<string, string>; media: SendMediaOptions | null } =
      {
        body: null,
        attributes: {},
        media: null,
      };
    const builder: ConversationsMessageBuilder = {
      setBody: (text) => {
        draft.body = text;
        return builder;
      },
      setAttributes: (attributes) => {
        draft.attributes = attributes as Record<string, string>;
        return builder;
      },
      addMedia: (payload) => {
        if (payload instanceof FormData) throw new Error('the fake takes SendMediaOptions');
        draft.media = payload;
        return builder;
      },
      build: () => ({
        send: async () => {
          const media = draft.media ? await storeMedia(this.#client, draft.media) : null;
          return this.#client.service.send(this.sid, me, {
            body: draft.body,
            attributes: draft.attributes,
            media,
          });
        },
      }),
    };
    return builder;
  }

  /** A message of this conversation as the SDK wraps it. */
  message(stored: StoredMessage): ConversationsMessage {
    const media: ConversationsMedia | null = stored.media && {
      sid: stored.media.sid,
      filename: stored.media.filename,
      contentType: stored.media.contentType,
      size: stored.media.size,
      getContentTemporaryUrl: async () =>
        dataUrl(stored.media?.contentType ?? '', stored.media?.bytes ?? new Uint8Array()),
    };
    return {
      sid: stored.sid,
      index: stored.index,
      author: stored.author,
      body: stored.body,
      attributes: stored.attributes,
      dateCreated: stored.dateCreated,
      attachedMedia: media ? [media] : null,
      conversation: this,
    };
  }
}

async function storeMedia(client: FakeClientBase, options: SendMediaOptions): Promise<StoredMedia> {
  if (!(options.media instanceof Blob)) throw new Error('the fake stores Blob media');
  const bytes = new Uint8Array(await options.media.arrayBuffer());
  return {
    sid: client.service.sid('ME'),
    filename: options.filename ?? null,
    contentType: options.contentType ?? 'application/octet-stream',
    size: bytes.length,
    bytes,
  };
}

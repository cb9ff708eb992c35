import type { SendMediaOptions } from 'twilio-chat';
import type { ChatChannel, ChatMember, ChatMessage, ChatPaginator } from '../../chatTypes.js';
import type { FakeClientBase } from './FakeClientBase.js';
import type { StoredMessage } from './FakeService.js';
import { dataUrl, messagePaginator } from './fakePaginator.js';

/** A twilio-chat `Channel` over the fake service, as one client (user) sees it. */
export class FakeChannel implements ChatChannel {
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
  get uniqueName(): string {
    return this.#stored.uniqueName;
  }
  get friendlyName(): string {
    return this.#stored.friendlyName;
  }
  get attributes(): object {
    return this.#stored.attributes;
  }
  get isPrivate(): boolean {
    return this.#stored.isPrivate;
  }
  get status(): 'joined' | 'notParticipating' {
    return this.#stored.members.has(this.#client.user.identity) ? 'joined' : 'notParticipating';
  }
  get lastConsumedMessageIndex(): number | null {
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
  async add(identity: string): Promise<void> {
    this.#me;
    this.#client.service.addMember(this.sid, identity);
  }
  async getMembers(): Promise<ChatMember[]> {
    this.#me;
    return [...this.#stored.members.keys()].map((identity) => ({ identity, channel: this }));
  }
  async getMessages(
    pageSize?: number,
    anchor?: number,
    direction?: 'backwards' | 'forward',
  ): Promise<ChatPaginator<ChatMessage>> {
    this.#me;
    return messagePaginator(this.#stored.messages, (m) => this.message(m), pageSize, anchor, direction);
  }
  async getUnconsumedMessagesCount(): Promise<number | null> {
    return this.#client.service.unread(this.sid, this.#me);
  }
  async getMessagesCount(): Promise<number> {
    this.#me;
    return this.#stored.messages.length;
  }
  async setAllMessagesConsumed(): Promise<number> {
    const newest = this.#stored.messages.at(-1);
    if (!newest) return 0;
    return this.#client.service.setHorizon(this.sid, this.#me, newest.index, true) ?? 0;
  }
  async updateLastConsumedMessageIndex(index: number | null): Promise<number> {
    return this.#client.service.setHorizon(this.sid, this.#me, index) as number;
  }
  async advanceLastConsumedMessageIndex(index: number): Promise<number> {
    return this.#client.service.setHorizon(this.sid, this.#me, index, true) as number;
  }
  async typing(): Promise<void> {
    this.#client.service.typing(this.sid, this.#me);
  }
  /** Text, or a FormData with a `file` field (media messages have no body in twilio-chat). */
  async sendMessage(
    message: string | FormData | SendMediaOptions | null,
    attributes?: object,
  ): Promise<number> {
    const me = this.#me;
    const attrs = (attributes ?? {}) as Record<string, string>;
    if (typeof message === 'string' || message === null) {
      return this.#client.service.send(this.sid, me, { body: message, attributes: attrs, media: null });
    }
    if (!(message instanceof FormData)) throw new Error('the fake takes text or FormData');
    const file = message.get('file');
    if (!(file instanceof Blob)) throw new Error('FormData needs a file field');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const media = {
      sid: this.#client.service.sid('ME'),
      filename: file instanceof File ? file.name : null,
      contentType: file.type || 'application/octet-stream',
      size: bytes.length,
      bytes,
    };
    return this.#client.service.send(this.sid, me, { body: null, attributes: attrs, media });
  }

  /** A message of this channel as the SDK wraps it. */
  message(stored: StoredMessage): ChatMessage {
    const media = stored.media;
    return {
      sid: stored.sid,
      index: stored.index,
      author: stored.author,
      body: stored.body ?? '',
      attributes: stored.attributes,
      dateCreated: stored.dateCreated,
      type: media ? 'media' : 'text',
      media: media && {
        sid: media.sid,
        filename: media.filename ?? '',
        contentType: media.contentType,
        size: media.size,
        getContentTemporaryUrl: async () => dataUrl(media.contentType, media.bytes),
      },
      channel: this,
    };
  }
}

import type { ConnectionState, CreateChannelOptions } from 'twilio-chat';
import type { ChatChannel, ChatClient, ChatClientConstructor, ChatPaginator } from '../../chatTypes.js';
import { FakeChannel } from './FakeChannel.js';
import { FakeClientBase } from './FakeClientBase.js';
import { type FakeService, FakeTwilioError, type ServiceEvent } from './FakeService.js';
import { listPaginator } from './fakePaginator.js';

/** A twilio-chat `Client` over the fake service. Group channels are public: anyone can get them. */
export class FakeChatClient extends FakeClientBase implements ChatClient {
  declare readonly connectionState: ConnectionState;
  readonly #channels = new Map<string, FakeChannel>();

  channel(sid: string): FakeChannel {
    let channel = this.#channels.get(sid);
    if (!channel) {
      channel = new FakeChannel(this, sid);
      this.#channels.set(sid, channel);
    }
    return channel;
  }

  /** twilio-chat has only stateChanged, no initialized/initFailed. */
  protected initialisedEvents(): void {
    this.fire('stateChanged', 'initialized');
  }

  protected failed(): void {
    this.fire('stateChanged', 'failed');
  }

  protected deliver(event: ServiceEvent): void {
    const channel = this.channel(event.sid);
    switch (event.type) {
      case 'added':
        this.fire('channelJoined', channel);
        return;
      case 'removed':
        this.fire('channelLeft', channel);
        return;
      case 'updated':
        this.fire('channelUpdated', {
          channel,
          updateReasons: event.reasons.map((r) =>
            r === 'lastReadMessageIndex' ? 'lastConsumedMessageIndex' : r,
          ),
        });
        return;
      case 'message':
        this.fire('messageAdded', channel.message(event.message));
        return;
      default:
        this.fire(event.type, { identity: event.identity, channel });
    }
  }

  async getSubscribedChannels(): Promise<ChatPaginator<ChatChannel>> {
    const me = this.guard();
    const mine = [...this.service.channels.values()].filter((c) => c.members.has(me));
    return listPaginator<ChatChannel>(
      mine.map((c) => this.channel(c.sid)),
      2,
    );
  }

  async getChannelByUniqueName(uniqueName: string): Promise<ChatChannel> {
    const me = this.guard();
    const stored = this.service.byName(uniqueName);
    if (!stored || (stored.isPrivate && !stored.members.has(me))) {
      throw new FakeTwilioError(404, this.service.codes.notFound, 'Channel not found');
    }
    return this.channel(stored.sid);
  }

  async createChannel(options: CreateChannelOptions = {}): Promise<ChatChannel> {
    this.guard();
    const stored = this.service.create({
      uniqueName: options.uniqueName ?? this.service.sid('CH'),
      friendlyName: options.friendlyName ?? '',
      attributes: (options.attributes ?? {}) as Record<string, string>,
      isPrivate: options.isPrivate ?? false,
    });
    return this.channel(stored.sid);
  }
}

/** A constructor bound to `service`, passed to `twilioChat({ Client })`. */
export function fakeChatClient(service: FakeService): ChatClientConstructor {
  return class extends FakeChatClient {
    constructor(token: string) {
      super(service, token);
    }
  };
}

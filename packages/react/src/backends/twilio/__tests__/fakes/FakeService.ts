/**
 * An in-memory Twilio chat service shared by several fake SDK clients (one per user), so the
 * contract suite can run multi-user scenarios on fakes. It keeps Twilio's semantics where the
 * backends have traps: read horizons start unset (null unread counts), `setAllMessagesRead` on an
 * empty channel leaves the horizon unset, message indexes can have gaps (`indexStep`), errors
 * carry Twilio codes in `body.code` like twilsock's upstream errors.
 */

export interface StoredMedia {
  sid: string;
  filename: string | null;
  contentType: string;
  size: number;
  bytes: Uint8Array;
}

export interface StoredMessage {
  sid: string;
  index: number;
  author: string;
  body: string | null;
  attributes: Record<string, string>;
  dateCreated: Date;
  media: StoredMedia | null;
}

export interface StoredChannel {
  sid: string;
  uniqueName: string;
  friendlyName: string;
  attributes: Record<string, string>;
  isPrivate: boolean;
  /** identity → read horizon (null: unset). */
  members: Map<string, number | null>;
  messages: StoredMessage[];
  nextIndex: number;
}

export type ServiceEvent =
  | { type: 'added' | 'removed'; sid: string }
  | { type: 'updated'; sid: string; reasons: string[] }
  | { type: 'memberJoined' | 'memberLeft' | 'typingStarted' | 'typingEnded'; sid: string; identity: string }
  | { type: 'message'; sid: string; message: StoredMessage };

/** An error shaped like twilsock's `TwilsockUpstreamError`. */
export class FakeTwilioError extends Error {
  readonly status: number;
  readonly body: { code: number; message: string; status: number };
  constructor(status: number, code: number, message: string) {
    super(message);
    this.status = status;
    this.body = { code, message, status };
  }
}

/** The Twilio error codes of one API (Conversations or Programmable Chat). */
export interface FakeCodes {
  uniqueNameTaken: number;
  alreadyMember: number;
  notFound: number;
}

export class FakeService {
  readonly codes: FakeCodes;
  /** Index increment per message; > 1 reproduces Twilio's gaps. */
  readonly indexStep: number;
  readonly channels = new Map<string, StoredChannel>();
  readonly #subscribers = new Set<{ identity: string; deliver: (event: ServiceEvent) => void }>();
  #sids = 0;

  constructor(codes: FakeCodes, options: { indexStep?: number } = {}) {
    this.codes = codes;
    this.indexStep = options.indexStep ?? 1;
  }

  /** A token the fake clients accept; `expired` ones fail initialisation like a stale token. */
  mintToken(identity: string, options: { expired?: boolean; hang?: boolean } = {}): string {
    return `${options.expired ? 'expired' : options.hang ? 'hang' : 'fake'}:${identity}`;
  }

  /** The identity of a valid token, the reason it is refused, or `hang` (Twilio unreachable). */
  checkToken(token: string): { identity: string } | { error: 'invalid' | 'expired' } | { hang: true } {
    const [kind, identity] = token.split(':');
    if (kind === 'expired') return { error: 'expired' };
    if (kind === 'hang') return { hang: true };
    if (kind !== 'fake' || !identity) return { error: 'invalid' };
    return { identity };
  }

  sid(prefix: string): string {
    this.#sids += 1;
    return `${prefix}${String(this.#sids).padStart(32, '0')}`;
  }

  subscribe(identity: string, deliver: (event: ServiceEvent) => void): () => void {
    const entry = { identity, deliver };
    this.#subscribers.add(entry);
    return () => this.#subscribers.delete(entry);
  }

  /** Delivers asynchronously, as the network does, to every client of `identities`. */
  #notify(identities: Iterable<string>, event: ServiceEvent): void {
    const targets = new Set(identities);
    const subscribers = [...this.#subscribers].filter((s) => targets.has(s.identity));
    queueMicrotask(() => {
      for (const subscriber of subscribers) if (this.#subscribers.has(subscriber)) subscriber.deliver(event);
    });
  }

  byName(uniqueName: string): StoredChannel | undefined {
    for (const channel of this.channels.values()) if (channel.uniqueName === uniqueName) return channel;
    return undefined;
  }

  get(sid: string): StoredChannel {
    const channel = this.channels.get(sid);
    if (!channel) throw new FakeTwilioError(404, this.codes.notFound, 'Channel not found');
    return channel;
  }

  create(input: {
    uniqueName: string;
    friendlyName: string;
    attributes: Record<string, string>;
    isPrivate: boolean;
  }) {
    if (this.byName(input.uniqueName)) {
      throw new FakeTwilioError(
        409,
        this.codes.uniqueNameTaken,
        'Channel with provided unique name already exists',
      );
    }
    const channel: StoredChannel = {
      ...input,
      sid: this.sid('CH'),
      members: new Map(),
      messages: [],
      nextIndex: 0,
    };
    this.channels.set(channel.sid, channel);
    return channel;
  }

  addMember(sid: string, identity: string): void {
    const channel = this.get(sid);
    if (channel.members.has(identity)) {
      throw new FakeTwilioError(409, this.codes.alreadyMember, 'Member already exists');
    }
    channel.members.set(identity, null);
    this.#notify(channel.members.keys(), { type: 'memberJoined', sid, identity });
    this.#notify([identity], { type: 'added', sid });
  }

  removeMember(sid: string, identity: string): void {
    const channel = this.get(sid);
    if (!channel.members.delete(identity)) return;
    this.#notify([...channel.members.keys(), identity], { type: 'memberLeft', sid, identity });
    this.#notify([identity], { type: 'removed', sid });
  }

  send(
    sid: string,
    author: string,
    input: { body: string | null; attributes: Record<string, string>; media: StoredMedia | null },
  ) {
    const channel = this.get(sid);
    if (!channel.members.has(author)) throw new FakeTwilioError(403, 50400, 'User not member of channel');
    const message: StoredMessage = {
      ...input,
      sid: this.sid('IM'),
      index: channel.nextIndex,
      author,
      dateCreated: new Date(),
    };
    channel.nextIndex += this.indexStep;
    channel.messages.push(message);
    this.#notify(channel.members.keys(), { type: 'message', sid, message });
    return message.index;
  }

  /** Twilio's unread count: null while the horizon is unset, else messages after it. */
  unread(sid: string, identity: string): number | null {
    const channel = this.get(sid);
    const horizon = channel.members.get(identity);
    if (horizon === undefined) throw new FakeTwilioError(403, 50400, 'User not member of channel');
    if (horizon === null) return null;
    return channel.messages.filter((message) => message.index > horizon).length;
  }

  setHorizon(sid: string, identity: string, index: number | null, onlyForward = false): number | null {
    const channel = this.get(sid);
    const current = channel.members.get(identity);
    if (current === undefined) throw new FakeTwilioError(403, 50400, 'User not member of channel');
    if (!(onlyForward && current !== null && index !== null && index <= current)) {
      channel.members.set(identity, index);
      this.#notify([identity], { type: 'updated', sid, reasons: ['lastReadMessageIndex'] });
    }
    return this.unread(sid, identity);
  }

  typing(sid: string, identity: string): void {
    const channel = this.get(sid);
    const others = [...channel.members.keys()].filter((member) => member !== identity);
    this.#notify(others, { type: 'typingStarted', sid, identity });
  }
}

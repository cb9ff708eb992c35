import type { WireMessage } from '@chat/protocol';
import type { ServerContext } from '../context.js';
import type { ChannelRow } from '../db.js';
import type { Audience, DomainEvent } from '../events.js';
import type { Tap } from '../hub.js';
import { toWireMessage } from '../wire.js';
import { notificationFrame, SYNC_EVENT, TYPING_INDICATOR } from './notificationFrame.js';
import { SyncReader } from './SyncReader.js';
import { documentEventFrame, listEventFrame, type MapChange, mapEventFrame } from './syncEventFrames.js';
import { memberSid, syncSid } from './syncNames.js';
import { myConversationData, rosterData } from './syncViews.js';
import type { SyncRef, SyncType, TwilioData } from './TwilioData.js';

/** A Twilio connection as the projection sees it. */
export interface SyncPeer {
  readonly identity: string;
  /** Sids of the Sync objects this connection subscribed to (the projection keeps it current). */
  readonly subscriptions: Set<string>;
  /** Writes a frame; `delayMs` > 0 when the Sync-lag fault is on. */
  send(frame: Buffer, delayMs?: number): void;
}

/** One object of a `POST /v4/Subscriptions` body. */
export interface SubscriptionRequest {
  object_sid: string;
  object_type: string;
  last_event_id?: number;
}

/** The last change of one map key: its event id, the id that added it, whether it is gone. */
interface KeyVersion {
  id: number;
  addedId: number | null;
  removed: boolean;
}

const SYNC_TYPES = new Set<SyncType>(['document', 'list', 'map']);

/** A list event kept for replay: its id (a change number), when, and its frame. */
interface RecentListEvent {
  id: number;
  at: number;
  frame: Buffer;
}

/**
 * How long list events are kept for replay (the gap between a read and a subscription), and how
 * many at most over all lists (a bound on the memory they take, whatever the traffic).
 */
const LIST_EVENTS_KEPT_MS = 60_000;
const LIST_EVENTS_KEPT = 2000;

/**
 * Turns domain events into Sync events and typing notifications for the Twilio connections.
 * It is a hub tap, so it sees every event once, whoever is connected: map events get ids from one
 * counter and each map key remembers its last change, so that a client re-subscribing with an old
 * `last_event_id` (after a reconnect) is replayed exactly what changed since. Documents take their
 * ids from the same counter (the newest per document is remembered) and replay their current data;
 * lists take the domain's change numbers and replay from the database.
 */
export class SyncProjection {
  readonly reader: SyncReader;
  /** Delay of every live Sync event (the `lagSyncEvents` fault). */
  lagMs = 0;
  readonly #ctx: ServerContext;
  readonly #data: TwilioData;
  /** Map event ids start from the clock, so that they keep growing across restarts. */
  readonly #seed = Date.now() * 1000;
  #counter = this.#seed;
  readonly #versions = new Map<string, Map<string, KeyVersion>>();
  /**
   * The recent events of each messages list some client read (see `#listEvent`), to replay a
   * message's add and then its edit to a client that subscribes after both, as Twilio replays.
   */
  readonly #listEvents = new Map<string, RecentListEvent[]>();
  /** The lists of the kept events, oldest first over all lists (each list's own are in order too). */
  readonly #keptOrder: string[] = [];
  /** The event id of each channel document's last change (untouched since the start: the seed). */
  readonly #documentIds = new Map<string, number>();
  readonly #subscribers = new Map<string, Map<SyncPeer, SyncRef>>();
  readonly #peers = new Map<string, Set<SyncPeer>>();
  readonly #typists = new Map<string, NodeJS.Timeout>();

  constructor(ctx: ServerContext, data: TwilioData) {
    this.#ctx = ctx;
    this.#data = data;
    this.reader = new SyncReader(
      ctx,
      data,
      () => this.#counter,
      (documentSid) => this.#documentIds.get(documentSid) ?? this.#seed,
    );
  }

  addPeer(peer: SyncPeer): void {
    let set = this.#peers.get(peer.identity);
    if (!set) {
      set = new Set();
      this.#peers.set(peer.identity, set);
    }
    set.add(peer);
  }

  removePeer(peer: SyncPeer): void {
    for (const sid of peer.subscriptions) this.#subscribers.get(sid)?.delete(peer);
    peer.subscriptions.clear();
    const set = this.#peers.get(peer.identity);
    set?.delete(peer);
    if (set?.size === 0) this.#peers.delete(peer.identity);
  }

  /** Connections of one identity. */
  peersOf(identity: string): Iterable<SyncPeer> {
    return this.#peers.get(identity) ?? [];
  }

  /** Stops the typing repeaters (server shutdown). */
  clear(): void {
    for (const timer of this.#typists.values()) clearInterval(timer);
    this.#typists.clear();
  }

  /**
   * `POST /v4/Subscriptions` `establish`: registers the objects, and returns what to send once
   * the HTTP reply is out: the events each object missed since the client's `last_event_id`,
   * then `subscription_established` (objects the caller may not read get `subscription_failed`).
   */
  establish(peer: SyncPeer, correlationId: unknown, requests: SubscriptionRequest[]): () => void {
    const frames: Array<{ id: number; frame: Buffer }> = [];
    const established: object[] = [];
    const failed: object[] = [];
    for (const request of requests) {
      const type = request.object_type as SyncType;
      const ref = SYNC_TYPES.has(type) ? this.#data.resolve(type, request.object_sid) : null;
      if (!ref || !this.#data.mayRead(ref, peer.identity)) {
        failed.push({
          object_sid: request.object_sid,
          object_type: request.object_type,
          error: {
            status: 404,
            code: 54007,
            message: `No ${request.object_type} ${request.object_sid} that you can read.`,
          },
        });
        continue;
      }
      this.watch(ref);
      let subscribers = this.#subscribers.get(ref.sid);
      if (!subscribers) {
        subscribers = new Map();
        this.#subscribers.set(ref.sid, subscribers);
      }
      subscribers.set(peer, ref);
      peer.subscriptions.add(ref.sid);
      const since = typeof request.last_event_id === 'number' ? request.last_event_id : 0;
      frames.push(...this.#replay(ref, since));
      established.push({
        object_sid: request.object_sid,
        object_type: request.object_type,
        replay_status: 'completed',
        last_event_id: this.reader.lastEventId(ref),
      });
    }
    return () => {
      for (const { frame } of frames.sort((a, b) => a.id - b.id)) peer.send(frame);
      if (established.length > 0) {
        peer.send(
          notificationFrame(SYNC_EVENT, {
            event_type: 'subscription_established',
            correlation_id: correlationId,
            events: established,
          }),
        );
      }
      if (failed.length > 0) {
        peer.send(
          notificationFrame(SYNC_EVENT, {
            event_type: 'subscription_failed',
            correlation_id: correlationId,
            events: failed,
          }),
        );
      }
    };
  }

  /** `POST /v4/Subscriptions` `cancel`: stops the events; `subscription_canceled` after the reply. */
  cancel(peer: SyncPeer, correlationId: unknown, requests: SubscriptionRequest[]): () => void {
    for (const request of requests) {
      this.#subscribers.get(request.object_sid)?.delete(peer);
      peer.subscriptions.delete(request.object_sid);
    }
    const events = requests.map((request) => ({
      object_sid: request.object_sid,
      object_type: request.object_type,
    }));
    return () =>
      peer.send(
        notificationFrame(SYNC_EVENT, {
          event_type: 'subscription_canceled',
          correlation_id: correlationId,
          events,
        }),
      );
  }

  /**
   * Marks a map as read by some client: from then on its changes are versioned, so that a
   * client subscribing later with the `last_event_id` it read is replayed what changed since.
   * Maps nobody has read need no versions (a first read sees the current state).
   */
  watch(ref: SyncRef): void {
    if (ref.type === 'map') this.#versions.set(ref.sid, this.#versions.get(ref.sid) ?? new Map());
    if (ref.type === 'list' && !this.#listEvents.has(ref.sid)) this.#listEvents.set(ref.sid, []);
  }

  /**
   * The hub tap: every domain event, once. It runs inside the domain's handlers, after their
   * commit; a failure here is logged and must not fail the operation that caused it.
   */
  readonly tap: Tap = (event: DomainEvent, audience: Audience) => {
    try {
      this.#project(event, audience);
    } catch (error) {
      this.#ctx.options.logger.error('local-server: the Twilio emulator failed to project an event', error);
    }
  };

  #project(event: DomainEvent, audience: Audience): void {
    const user = 'user' in audience ? audience.user : undefined;
    switch (event.event) {
      case 'channelAdded': {
        if (user === undefined) return;
        this.#mapChange(this.#data.userMap('myConversations', user), event.channel.sid, 'added', () => {
          const row = this.#data.channelBySid(event.channel.sid);
          return row ? myConversationData(row, event.channel.lastReadIndex ?? -1) : {};
        });
        return;
      }
      case 'channelRemoved': {
        const sid = this.#data.channelSid(event.name);
        if (user === undefined || sid === undefined) return;
        this.#mapChange(this.#data.userMap('myConversations', user), sid, 'removed', () => ({}));
        return;
      }
      case 'memberJoined':
      case 'memberLeft': {
        const sid = this.#data.channelSid(event.channel);
        if (sid === undefined) return;
        const key = memberSid(sid, event.identity);
        if (event.event === 'memberLeft') {
          this.#mapChange(syncSid.roster(sid), key, 'removed', () => ({}));
          return;
        }
        this.#mapChange(syncSid.roster(sid), key, 'added', () => {
          const row = this.#data.channelBySid(sid);
          const member = row && this.#data.member(row.id, event.identity);
          return member ? rosterData(sid, member) : {};
        });
        return;
      }
      case 'readHorizonChanged': {
        const sid = this.#data.channelSid(event.channel);
        if (user === undefined || sid === undefined) return;
        const now = Date.now();
        this.#mapChange(this.#data.userMap('myConversations', user), sid, 'updated', () => {
          const row = this.#data.channelBySid(sid);
          return row ? myConversationData(row, event.lastReadIndex) : {};
        });
        // The member sid is a digest: skip it on the per-message path when nobody reads the roster.
        if (!this.#versions.has(syncSid.roster(sid))) return;
        this.#mapChange(syncSid.roster(sid), memberSid(sid, user), 'updated', () => {
          const row = this.#data.channelBySid(sid);
          const member = row && this.#data.member(row.id, user);
          return member ? rosterData(sid, { ...member, last_read_index: event.lastReadIndex }, now) : {};
        });
        return;
      }
      case 'messageAdded':
        this.#messageAdded(event.message);
        return;
      case 'messageUpdated': {
        const row = this.#data.channelByName(event.message.channel);
        if (!row) return;
        const { message } = event;
        this.#listEvent(row, message.changeSeq, () =>
          listEventFrame(this.reader.base, row, 'updated', message.index, message.changeSeq, message),
        );
        return;
      }
      case 'messageRemoved': {
        const row = this.#data.channelByName(event.channel);
        if (!row) return;
        this.#listEvent(row, event.changeSeq, () =>
          listEventFrame(this.reader.base, row, 'removed', event.index, event.changeSeq, null),
        );
        // The document's lastMessage: the newest message that is left.
        this.#documentChanged(row, this.reader.lastMessage(row));
        return;
      }
      case 'channelUpdated': {
        // Sent to each member: their my-conversations item; the document once, with the first.
        const row = this.#data.channelByName(event.channel.name);
        if (user === undefined || !row) return;
        this.#mapChange(this.#data.userMap('myConversations', user), row.sid, 'updated', () =>
          myConversationData(row, event.channel.lastReadIndex ?? -1),
        );
        const first = this.#ctx.members.of(row.id).values().next().value;
        if (first === user) this.#documentChanged(row, this.reader.lastMessage(row));
        return;
      }
      case 'typingStarted':
      case 'typingEnded':
        this.#typing(event.channel, event.identity, event.event === 'typingStarted');
        return;
      case 'memberHorizonChanged':
        // The roster item is updated on the mover's readHorizonChanged (above), once.
        return;
    }
  }

  #nextId(): number {
    this.#counter += 1;
    return this.#counter;
  }

  #fanOut(sid: string, build: () => Buffer): void {
    const subscribers = this.#subscribers.get(sid);
    if (!subscribers || subscribers.size === 0) return;
    let frame: Buffer | undefined;
    for (const [peer, ref] of subscribers) {
      // A member who left a private channel stops receiving its events at once.
      if (!this.#data.mayRead(ref, peer.identity)) continue;
      frame ??= build();
      peer.send(frame, this.lagMs);
    }
  }

  #mapChange(mapSid: string, key: string, change: MapChange, data: () => unknown): void {
    const versions = this.#versions.get(mapSid);
    if (!versions) return;
    const id = this.#nextId();
    const previous = versions.get(key);
    versions.set(key, {
      id,
      addedId: change === 'added' ? id : change === 'updated' ? (previous?.addedId ?? null) : null,
      removed: change === 'removed',
    });
    this.#fanOut(mapSid, () => mapEventFrame(this.reader.base, mapSid, key, change, id, data()));
  }

  #messageAdded(message: WireMessage): void {
    const sid = this.#data.channelSid(message.channel);
    if (sid === undefined) return;
    const listSid = syncSid.messages(sid);
    const documentSid = syncSid.document(sid);
    // The document's id moves even when nobody listens: a client that read it before subscribing
    // is replayed the change. Nothing else to do unless someone listens now.
    const id = this.#nextId();
    this.#documentIds.set(documentSid, id);
    const listened = this.#subscribers.get(listSid)?.size || this.#subscribers.get(documentSid)?.size;
    if (!listened && !this.#listEvents.has(listSid)) return;
    const row = this.#data.channelBySid(sid);
    if (!row) return;
    this.#listEvent(row, message.changeSeq, () =>
      listEventFrame(this.reader.base, row, 'added', message.index, message.changeSeq, message),
    );
    this.#fanOut(documentSid, () =>
      documentEventFrame(row, { index: message.index, timestamp: message.dateCreated }, id),
    );
  }

  /**
   * A messages list event: sent to the subscribers, and kept for a while if a client read the list,
   * so that one subscribing later with an older `last_event_id` is replayed the events themselves
   * (a message's add, then its edit), not only the messages as they are now.
   */
  #listEvent(row: ChannelRow, id: number, build: () => Buffer): void {
    const listSid = syncSid.messages(row.sid);
    const kept = this.#listEvents.get(listSid);
    let frame: Buffer | undefined;
    const once = () => {
      frame ??= build();
      return frame;
    };
    this.#fanOut(listSid, once);
    if (!kept) return;
    const now = Date.now();
    kept.push({ id, at: now, frame: once() });
    this.#keptOrder.push(listSid);
    // The oldest kept event over all lists is the first of its list's.
    while (this.#keptOrder.length > 0) {
      const oldestList = this.#listEvents.get(this.#keptOrder[0]!)!;
      const expired = oldestList[0]!.at < now - LIST_EVENTS_KEPT_MS;
      if (!expired && this.#keptOrder.length <= LIST_EVENTS_KEPT) break;
      this.#keptOrder.shift();
      oldestList.shift();
    }
  }

  /** A channel document changed (renamed, its newest message deleted): a new id, and its event. */
  #documentChanged(row: ChannelRow, lastMessage: { index: number; timestamp: number } | null): void {
    const documentSid = syncSid.document(row.sid);
    const id = this.#nextId();
    this.#documentIds.set(documentSid, id);
    const fresh = this.reader.fresh(row);
    this.#fanOut(documentSid, () => documentEventFrame(fresh, lastMessage, id));
  }

  /**
   * Twilio clients end a remote typist's indicator `typing_timeout` after the last notification,
   * so while the domain says someone types, the notification is repeated every half timeout.
   */
  #typing(channel: string, identity: string, started: boolean): void {
    const row = this.#data.channelByName(channel);
    if (!row) return;
    const key = `${row.sid}\n${identity}`;
    clearInterval(this.#typists.get(key));
    this.#typists.delete(key);
    if (!started) return;
    const timeoutMs = this.#ctx.options.typingTimeoutMs;
    const notify = () => {
      let frame: Buffer | undefined;
      for (const member of this.#ctx.members.of(row.id)) {
        if (member === identity) continue;
        for (const peer of this.peersOf(member)) {
          frame ??= notificationFrame(TYPING_INDICATOR, {
            channel_sid: row.sid,
            identity,
            typing_timeout: timeoutMs / 1000,
          });
          peer.send(frame);
        }
      }
    };
    notify();
    const timer = setInterval(notify, Math.max(10, timeoutMs / 2));
    timer.unref();
    this.#typists.set(key, timer);
  }

  /**
   * What a messages list missed since change number `since`: the messages sent or edited since,
   * as they are now, and the deletions since. A message is `added` when it was certainly sent
   * after `since` (never edited, or its index is above it: its send took a later number), else
   * `updated` (the SDKs ignore an update of a message they do not hold; the store's resync reads it).
   */
  #replayList(row: ChannelRow, since: number): Array<{ id: number; frame: Buffer }> {
    // Change numbers have no gaps: the kept events cover everything since `since` when they hold
    // its successor (or nothing happened since).
    const kept = this.#listEvents.get(syncSid.messages(row.sid)) ?? [];
    if (since >= row.change_seq) return [];
    const first = kept.findIndex((event) => event.id === since + 1);
    if (first >= 0) return kept.slice(first).map(({ id, frame }) => ({ id, frame }));
    const frames: Array<{ id: number; frame: Buffer }> = [];
    const base = this.reader.base;
    for (let after = since; after < row.change_seq; ) {
      const rows = this.#ctx.db.changedAfter.all(row.id, after, 0, Number.MAX_SAFE_INTEGER, 500);
      for (const message of rows) {
        const change = message.edited_at === null || message.idx + 1 > since ? 'added' : 'updated';
        const wire = toWireMessage(message, row.name);
        frames.push({
          id: message.change_seq,
          frame: listEventFrame(base, row, change, message.idx, message.change_seq, wire),
        });
        after = message.change_seq;
      }
      if (rows.length < 500) break;
    }
    for (let after = since; after < row.change_seq; ) {
      const rows = this.#ctx.db.deletedAfter.all(row.id, after, 0, Number.MAX_SAFE_INTEGER, 500);
      for (const tombstone of rows) {
        frames.push({
          id: tombstone.change_seq,
          frame: listEventFrame(base, row, 'removed', tombstone.idx, tombstone.change_seq, null),
        });
        after = tombstone.change_seq;
      }
      if (rows.length < 500) break;
    }
    return frames;
  }

  /** What an object missed since `since`, as frames sorted later by event id. */
  #replay(ref: SyncRef, since: number): Array<{ id: number; frame: Buffer }> {
    if (ref.type === 'document') {
      const row = this.reader.fresh(ref.channel);
      const id = this.reader.lastEventId(ref);
      if (id <= since) return [];
      return [{ id, frame: documentEventFrame(row, this.reader.lastMessage(row), id) }];
    }
    if (ref.type === 'list') return this.#replayList(this.reader.fresh(ref.channel), since);
    const versions = this.#versions.get(ref.sid);
    const frames: Array<{ id: number; frame: Buffer }> = [];
    const current = new Set<string>();
    for (const entry of this.reader.mapEntries(ref as SyncRef & { type: 'map' })) {
      current.add(entry.key);
      const version = versions?.get(entry.key);
      // A key untouched since this process started is as of the start: newer than an id from before it.
      const id = version ? version.id : since < this.#seed ? this.#seed : 0;
      if (id <= since) continue;
      const change = version?.addedId != null && version.addedId > since ? 'added' : 'updated';
      frames.push({ id, frame: mapEventFrame(this.reader.base, ref.sid, entry.key, change, id, entry.data) });
    }
    for (const [key, version] of versions ?? []) {
      if (version.removed && version.id > since && !current.has(key)) {
        frames.push({
          id: version.id,
          frame: mapEventFrame(this.reader.base, ref.sid, key, 'removed', version.id, {}),
        });
      }
    }
    return frames;
  }
}

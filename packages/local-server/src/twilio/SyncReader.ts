import type { ServerContext } from '../context.js';
import type { ChannelRow } from '../db.js';
import { toWireMessage } from '../wire.js';
import { memberSid } from './syncNames.js';
import { documentData, iso, messageData, myConversationData, rosterData, userInfoData } from './syncViews.js';
import type { SyncRef, TwilioData } from './TwilioData.js';
import { TwilioError } from './TwilioError.js';

/** The query of an `…/Items` request (Sync builds it in `_queryItemsFromServer`). */
export interface ItemsQuery {
  /** `Key` (maps) or `Index` (lists): one item. */
  single?: string;
  from?: string;
  pageSize: number;
  order: 'asc' | 'desc';
  /** Opaque; this emulator's tokens continue after the last item of the previous page. */
  pageToken?: string;
}

interface Token {
  from: string;
  order: 'asc' | 'desc';
}

const encodeToken = (token: Token) => Buffer.from(JSON.stringify(token)).toString('base64url');

function decodeToken(text: string): Token {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Token;
    if (typeof token.from === 'string' && (token.order === 'asc' || token.order === 'desc')) return token;
  } catch {}
  throw new TwilioError(
    'invalid_argument',
    'conversations',
    `PageToken ${JSON.stringify(text)} is not one this server issued.`,
  );
}

/**
 * The read side of the emulated Sync service: object descriptors and item pages, built from the
 * domain's tables at the time of the request. Lists (messages) carry the domain's change numbers
 * (each item its last send or edit, the list the channel's); documents and maps carry the
 * projection's event ids, each a valid `last_event_id`: everything up to it is reflected in what
 * is read.
 */
export class SyncReader {
  readonly #ctx: ServerContext;
  readonly #data: TwilioData;
  readonly #mapEventId: () => number;
  readonly #documentEventId: (documentSid: string) => number;

  constructor(
    ctx: ServerContext,
    data: TwilioData,
    mapEventId: () => number,
    documentEventId: (documentSid: string) => number,
  ) {
    this.#ctx = ctx;
    this.#data = data;
    this.#mapEventId = mapEventId;
    this.#documentEventId = documentEventId;
  }

  /** The base of every Sync URL (`cdsUri` in the client options). */
  get base(): string {
    return `${this.#ctx.baseUrl}/cds`;
  }

  url(ref: SyncRef): string {
    const collection = ref.type === 'document' ? 'Documents' : ref.type === 'list' ? 'Lists' : 'Maps';
    return `${this.base}/v3/${collection}/${ref.sid}`;
  }

  /** The channel as it is now (its newest index moves with every message). */
  fresh(channel: ChannelRow): ChannelRow {
    return this.#data.channelBySid(channel.sid) ?? channel;
  }

  /** The current event id of an object: what a subscription is established at. */
  lastEventId(ref: SyncRef): number {
    if (ref.type === 'document') return this.#documentEventId(ref.sid);
    if (ref.type === 'list') return this.fresh(ref.channel).change_seq;
    return this.#mapEventId();
  }

  /** The newest message of a channel that is not deleted, as the document's `lastMessage`. */
  lastMessage(channel: ChannelRow): { index: number; timestamp: number } | null {
    const last = this.#ctx.db.newestMessage.get(channel.id);
    return last ? { index: last.idx, timestamp: last.date_created } : null;
  }

  /** The channel document's data now. */
  documentData(channel: ChannelRow) {
    const row = this.fresh(channel);
    return documentData(row, this.lastMessage(row));
  }

  /** `GET /v3/{Documents|Lists|Maps}/<id>[?Include=items]`. */
  descriptor(ref: SyncRef, includeItems: boolean): Record<string, unknown> {
    const id = this.lastEventId(ref);
    const url = this.url(ref);
    const base = {
      sid: ref.sid,
      unique_name: 'channel' in ref ? `${ref.channel.sid}.${ref.kind}` : null,
      url,
      revision: String(id),
      last_event_id: id,
      date_updated: iso(Date.now()),
      date_expires: null,
    };
    if (ref.type === 'document') return { ...base, data: this.documentData(ref.channel) };
    const links = { items: `${url}/Items` };
    if (!includeItems) return { ...base, links };
    return { ...base, links, items: this.items(ref, { pageSize: 100, order: 'asc' }).items };
  }

  /** Every item of a map, sorted by key as Sync sorts them. */
  mapEntries(ref: SyncRef & { type: 'map' }): Array<{ key: string; data: unknown }> {
    let entries: Array<{ key: string; data: unknown }>;
    if (ref.kind === 'roster') {
      entries = this.#data.members(ref.channel.id).map((member) => ({
        key: memberSid(ref.channel.sid, member.identity),
        data: rosterData(ref.channel.sid, member),
      }));
    } else if (ref.kind === 'myConversations') {
      entries = this.#ctx.db.channelsOf
        .all(ref.identity)
        .map((row) => ({ key: row.sid, data: myConversationData(row, row.last_read_index) }));
    } else {
      entries = Object.entries(userInfoData()).map(([key, data]) => ({ key, data }));
    }
    return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** `GET …/Items`: a page of a list or a map, with Sync's `meta` tokens. */
  items(
    ref: SyncRef,
    query: ItemsQuery,
  ): { items: unknown[]; meta: { previous_token: string | null; next_token: string | null } } {
    if (ref.type === 'document')
      throw new TwilioError('invalid_argument', 'conversations', 'Documents have no items.');
    let { from, order } = query;
    let exclusive = false;
    if (query.pageToken !== undefined) {
      ({ from, order } = decodeToken(query.pageToken));
      exclusive = true;
    }
    return ref.type === 'list'
      ? this.#listPage(ref, query, from, order, exclusive)
      : this.#mapPage(ref as SyncRef & { type: 'map' }, query, from, order, exclusive);
  }

  #listPage(
    ref: SyncRef & { type: 'list' },
    query: ItemsQuery,
    from: string | undefined,
    order: 'asc' | 'desc',
    exclusive: boolean,
  ) {
    const row = this.fresh(ref.channel);
    const url = this.url(ref);
    const item = (message: ReturnType<typeof toWireMessage>) => ({
      index: message.index,
      url: `${url}/Items/${message.index}`,
      revision: String(message.changeSeq),
      last_event_id: message.changeSeq,
      date_updated: iso(message.editedAt ?? message.dateCreated),
      date_expires: null,
      data: messageData(row.sid, message),
    });
    if (query.single !== undefined) {
      const found = this.#ctx.db.messageAt.get(row.id, Number(query.single));
      return {
        items: found ? [item(toWireMessage(found, row.name))] : [],
        meta: { previous_token: null, next_token: null },
      };
    }
    const start =
      from === undefined ? undefined : Number(from) + (exclusive ? (order === 'asc' ? 1 : -1) : 0);
    const rows =
      order === 'asc'
        ? this.#ctx.db.after.all(row.id, (start ?? 0) - 1, query.pageSize)
        : this.#ctx.db.page.all(row.id, start ?? row.last_index, query.pageSize);
    const messages = rows.map((message) => toWireMessage(message, row.name));
    const first = messages[0];
    const last = messages.at(-1);
    // Deleted messages leave gaps: whether a message lies beyond each end is read, not inferred.
    const older = (index: number) => this.#ctx.db.page.all(row.id, index - 1, 1).length > 0;
    const newer = (index: number) => this.#ctx.db.after.all(row.id, index, 1).length > 0;
    const before = first !== undefined && (order === 'asc' ? older(first.index) : newer(first.index));
    const after = last !== undefined && (order === 'asc' ? newer(last.index) : older(last.index));
    return {
      items: messages.map(item),
      meta: {
        previous_token: before
          ? encodeToken({ from: String(first.index), order: order === 'asc' ? 'desc' : 'asc' })
          : null,
        next_token: after && last ? encodeToken({ from: String(last.index), order }) : null,
      },
    };
  }

  #mapPage(
    ref: SyncRef & { type: 'map' },
    query: ItemsQuery,
    from: string | undefined,
    order: 'asc' | 'desc',
    exclusive: boolean,
  ) {
    const id = this.#mapEventId();
    const now = iso(Date.now());
    const url = this.url(ref);
    const item = (entry: { key: string; data: unknown }) => ({
      key: entry.key,
      url: `${url}/Items/${encodeURIComponent(entry.key)}`,
      revision: String(id),
      last_event_id: id,
      date_updated: now,
      date_expires: null,
      data: entry.data,
    });
    let entries = this.mapEntries(ref);
    if (query.single !== undefined) {
      const found = entries.find((entry) => entry.key === query.single);
      return { items: found ? [item(found)] : [], meta: { previous_token: null, next_token: null } };
    }
    if (order === 'desc') entries = entries.reverse();
    const inRange = (key: string) =>
      from === undefined ||
      (order === 'asc' ? (exclusive ? key > from : key >= from) : exclusive ? key < from : key <= from);
    const start = entries.findIndex((entry) => inRange(entry.key));
    const page = start < 0 ? [] : entries.slice(start, start + query.pageSize);
    const first = page[0];
    const last = page.at(-1);
    return {
      items: page.map(item),
      meta: {
        previous_token:
          first && start > 0
            ? encodeToken({ from: first.key, order: order === 'asc' ? 'desc' : 'asc' })
            : null,
        next_token:
          last && start + page.length < entries.length ? encodeToken({ from: last.key, order }) : null,
      },
    };
  }
}

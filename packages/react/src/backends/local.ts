import {
  MAX_CHANGES_LIMIT,
  MAX_CHANNEL_PAGE_LIMIT,
  MAX_MESSAGES_AFTER_LIMIT,
  type WireOp,
  type WireParams,
  type WireResult,
} from '@chat/protocol';
import type { BackendChannel, BackendMessage, ChatBackend } from '../core/backend.js';
import { ChatError } from '../core/errors.js';
import { rereadRange } from '../core/rereadRange.js';
import { LocalConnection } from './local/LocalConnection.js';
import { WireMapper } from './local/mapWire.js';
import { uploadMedia } from './local/uploadMedia.js';
import type { WebSocketConstructor } from './local/WebSocketLike.js';

export type { WebSocketConstructor, WebSocketLike } from './local/WebSocketLike.js';

/** Options of {@link localBackend}. */
export interface LocalBackendOptions {
  /** Base URL of the local chat server, e.g. `'http://127.0.0.1:3002'`; the socket is `ws://…/ws`. */
  url: string;
  /** WebSocket constructor for Node 20 (`import WebSocket from 'ws'`); defaults to `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** fetch for media uploads; defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Reconnect backoff with full jitter: first delay (default 250 ms) and ceiling (default 10 s). */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /**
   * How long a request waits for its reply before it rejects with `network` (default 15 s). A
   * request the server refuses as over its rate goes out again after the wait the server names,
   * as long as those waits add up to no more than this; then the refusal is its error.
   */
  requestTimeoutMs?: number;
  /** Interval of the `ping` that detects dead sockets (default 25 s; 0 turns it off). */
  keepAliveMs?: number;
}

/**
 * The backend for `@chat/local-server` (SQLite + WebSocket), for development, demos and tests.
 * Works in browsers and Node (pass `WebSocket` from 'ws' on Node 20). Reconnects on its own
 * with backoff; while it does, requests reject at once with `network` instead of queueing,
 * because the store owns the outbox and resends after `connectionStateChanged('connected')`.
 *
 * @example
 * const store = createChatStore({ backend: localBackend({ url: 'http://127.0.0.1:3002' }) });
 */
export function localBackend(options: LocalBackendOptions): ChatBackend {
  const baseUrl = parseBaseUrl(options?.url);
  const connection: LocalConnection = new LocalConnection(
    {
      wsUrl: `${baseUrl.replace(/^http/, 'ws')}/ws`,
      WebSocket: options.WebSocket,
      requestTimeoutMs: positive(options.requestTimeoutMs, 15_000),
      initialDelayMs: positive(options.reconnect?.initialDelayMs, 250),
      maxDelayMs: positive(options.reconnect?.maxDelayMs, 10_000),
      keepAliveMs: options.keepAliveMs ?? 25_000,
    },
    (frame) => mapper.event(frame),
  );
  const call = <O extends WireOp>(op: O, params: WireParams<O>): Promise<WireResult<O>> =>
    connection.request(op, params);
  const mapper: WireMapper = new WireMapper(async (sid): Promise<string> => {
    const { url } = await call('mediaUrl', { sid });
    return new URL(url, `${baseUrl}/`).href;
  });
  // Media uploaded for a message whose send failed: a retry with the same clientId reuses it.
  const uploaded = new Map<string, string>();
  const forget = () => uploaded.clear();

  return {
    kind: 'local',
    // The server sends typingStarted once (later signals only extend it) and typingEnded when it ends.
    typingEndsReliably: true,
    connect(token, emit) {
      forget();
      return connection.connect(token, emit);
    },
    updateToken: (token) => connection.updateToken(token),
    shutdown() {
      forget();
      return connection.shutdown();
    },
    async listChannels() {
      // The server answers in pages (at most MAX_CHANNEL_PAGE_LIMIT channels, and cut short before
      // a frame grows big); the store gets them all at once, as from any backend. Asking for the
      // most it gives keeps the round trips few.
      const all: BackendChannel[] = [];
      // Cursors seen: a server that sent one twice would otherwise page forever. (Not compared
      // with <: the server orders names by UTF-8 bytes, JavaScript strings by UTF-16 units.)
      const seen = new Set<string>();
      let after: string | undefined;
      for (;;) {
        const page = await call('listChannels', { after, limit: MAX_CHANNEL_PAGE_LIMIT });
        for (const channel of page.channels) all.push(mapper.channel(channel));
        // A server without paging answers without `next`: everything came in one go.
        if (typeof page.next !== 'string') return all;
        if (seen.has(page.next)) {
          throw new ChatError(
            'backend',
            `listChannels: the server sent the page cursor ${JSON.stringify(page.next)} twice; upgrade @chat/local-server.`,
          );
        }
        seen.add(page.next);
        after = page.next;
      }
    },
    async getChannel(name) {
      try {
        const { channel } = await call('getChannel', { name });
        return mapper.channel(channel);
      } catch (error) {
        if (error instanceof ChatError && error.code === 'channel_not_found') return null;
        throw error;
      }
    },
    async createChannel({ name, type, friendlyName, description, members }) {
      const { channel } = await call('createChannel', { name, type, friendlyName, description, members });
      return mapper.channel(channel);
    },
    async joinChannel(name) {
      const { channel } = await call('joinChannel', { name });
      return mapper.channel(channel);
    },
    async leaveChannel(name) {
      await call('leaveChannel', { name });
    },
    async addMember(name, identity) {
      await call('addMember', { name, identity });
    },
    async removeMember(name, identity) {
      await call('removeMember', { name, identity });
    },
    async updateChannel(name, { friendlyName, description }) {
      const { channel } = await call('updateChannel', { name, friendlyName, description });
      return mapper.channel(channel);
    },
    async editMessage(name, index, body) {
      const { message } = await call('editMessage', { channel: name, index, body });
      return mapper.message(message);
    },
    async deleteMessage(name, index) {
      await call('deleteMessage', { channel: name, index });
    },
    async sendMessage(name, { clientId, body, file }) {
      const key = `${name}\n${clientId}`;
      let mediaSid = uploaded.get(key);
      if (file && !mediaSid) {
        connection.assertConnected('sendMessage');
        const doFetch = options.fetch ?? globalThis.fetch;
        if (!doFetch)
          throw new ChatError(
            'invalid_argument',
            'sendMessage: there is no global fetch to upload the file with; pass localBackend({ fetch }).',
          );
        const { token, signal } = connection;
        mediaSid = await uploadMedia({ baseUrl, channel: name, token, file, fetch: doFetch, signal });
        uploaded.set(key, mediaSid);
      }
      const { message } = await call('sendMessage', { channel: name, clientId, body, mediaSid });
      uploaded.delete(key);
      return mapper.message(message);
    },
    async getMessages(name, { pageSize, anchor }) {
      const { messages, hasOlder } = await call('getMessages', { channel: name, pageSize, anchor });
      return { messages: messages.map((m) => mapper.message(m)), hasOlder };
    },
    async getMessagesAfter(name, index) {
      const all: BackendMessage[] = [];
      let after = index;
      for (;;) {
        const page = await call('getMessagesAfter', {
          channel: name,
          index: after,
          limit: MAX_MESSAGES_AFTER_LIMIT,
        });
        for (const message of page.messages) all.push(mapper.message(message));
        const last = page.messages.at(-1);
        if (!page.hasMore || !last) return all;
        after = last.index;
      }
    },
    async getChanges(name, { from, to, since }) {
      const after = since === null ? Number.NaN : Number(since);
      // No change number to ask from: the range as it is.
      if (!Number.isSafeInteger(after) || after < 0) return rereadRange(this, name, { from, to, since });
      const messages: BackendMessage[] = [];
      const deleted: number[] = [];
      for (let seq = after; ; ) {
        const page = await call('getChanges', {
          channel: name,
          after: seq,
          from,
          to,
          limit: MAX_CHANGES_LIMIT,
        });
        for (const message of page.messages) messages.push(mapper.message(message));
        for (const tombstone of page.deleted) deleted.push(tombstone.index);
        if (!page.hasMore || page.changeSeq <= seq) return { messages, deleted, complete: false };
        seq = page.changeSeq;
      }
    },
    async setReadHorizon(name, index) {
      const { unreadCount } = await call('setReadHorizon', { channel: name, index });
      return { unreadCount };
    },
    // The store throttles typing signals (its setTyping, core/messageActions.ts): each one given here goes out.
    typing(name) {
      if (!connection.connected) return;
      // Fire and forget by contract: a lost typing signal only hides an indicator for a moment.
      call('typing', { channel: name }).catch(() => {});
    },
  };
}

/** Accepts http(s) (and ws(s)) URLs; returns the http(s) origin + path without a trailing slash. */
function parseBaseUrl(url: unknown): string {
  let parsed: URL | null = null;
  try {
    parsed = typeof url === 'string' ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (!parsed || !/^(http|ws)s?:$/.test(parsed.protocol)) {
    throw new ChatError(
      'invalid_argument',
      `localBackend({ url }): ${JSON.stringify(url)} is not the server's http URL; pass one like 'http://127.0.0.1:3002'.`,
    );
  }
  const protocol = parsed.protocol.replace(/^ws/, 'http');
  return `${protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}

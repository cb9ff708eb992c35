import type { BackendChannel, BackendEvent, BackendMessage } from '../../core/backend.js';

/** A message as the local protocol sends it (README, "Shapes"). */
export interface WireMessage {
  sid: string;
  index: number;
  channel: string;
  clientId: string | null;
  author: string;
  body: string;
  media: { sid: string; filename: string; contentType: string; size: number } | null;
  dateCreated: number;
}

/** A channel as the local protocol sends it (README, "Shapes"). */
export interface WireChannel {
  sid: string;
  name: string;
  type: 'group' | 'private';
  friendlyName: string;
  description: string;
  members: string[];
  lastMessage: WireMessage | null;
  lastReadIndex: number | null;
  unreadCount: number | null;
}

/** Resolves a media sid to an absolute download URL (the `mediaUrl` op). */
export type MediaUrlResolver = (sid: string) => Promise<string>;

/**
 * Maps the local protocol's shapes and events onto the backend interface. Holds only the
 * media URL resolver, so every mapped media gets a working `url()`.
 */
export class WireMapper {
  readonly #mediaUrl: MediaUrlResolver;

  constructor(mediaUrl: MediaUrlResolver) {
    this.#mediaUrl = mediaUrl;
  }

  message(wire: WireMessage): BackendMessage {
    const media = wire.media;
    return {
      sid: wire.sid,
      index: wire.index,
      channel: wire.channel,
      clientId: wire.clientId ?? null,
      author: wire.author,
      body: wire.body,
      media: media && {
        sid: media.sid,
        filename: media.filename,
        contentType: media.contentType,
        size: media.size,
        url: () => this.#mediaUrl(media.sid),
      },
      dateCreated: new Date(wire.dateCreated),
    };
  }

  channel(wire: WireChannel): BackendChannel {
    return {
      sid: wire.sid,
      name: wire.name,
      type: wire.type,
      friendlyName: wire.friendlyName ?? '',
      description: wire.description ?? '',
      members: wire.members ?? [],
      lastMessage: wire.lastMessage ? this.message(wire.lastMessage) : null,
      lastReadIndex: wire.lastReadIndex ?? null,
      unreadCount: wire.unreadCount ?? null,
    };
  }

  /** Maps an event frame; null for events this client does not know (a newer server). */
  event(frame: Record<string, unknown>): BackendEvent | null {
    const name = frame.channel as string;
    const identity = frame.identity as string;
    switch (frame.event) {
      case 'channelAdded':
      case 'channelUpdated':
        return { type: frame.event, channel: this.channel(frame.channel as WireChannel) };
      case 'channelRemoved':
        return { type: 'channelRemoved', name: frame.name as string };
      case 'memberJoined':
      case 'memberLeft':
      case 'typingStarted':
      case 'typingEnded':
        return { type: frame.event, channel: name, identity };
      case 'messageAdded':
        return { type: 'messageAdded', message: this.message(frame.message as WireMessage) };
      case 'readHorizonChanged':
        return {
          type: 'readHorizonChanged',
          channel: name,
          lastReadIndex: (frame.lastReadIndex as number | null) ?? null,
          unreadCount: (frame.unreadCount as number | null) ?? null,
        };
      case 'tokenAboutToExpire':
        return { type: 'tokenAboutToExpire' };
      default:
        return null;
    }
  }
}

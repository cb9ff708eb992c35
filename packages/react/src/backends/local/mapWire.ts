import type { WireChannel, WireEvent, WireMessage } from '@chat/protocol';
import type { BackendChannel, BackendEvent, BackendMessage } from '../../core/backend.js';

/** The wire's "-1: nothing read" is the interface's null. */
const horizon = (index: number): number | null => (index < 0 ? null : index);

/** Resolves a media sid to an absolute download URL (the `mediaUrl` op). */
export type MediaUrlResolver = (sid: string) => Promise<string>;

/**
 * Maps the local protocol's shapes and events (`@chat/protocol`'s wire types) onto the backend
 * interface. Holds only the media URL resolver, so every mapped media gets a working `url()`.
 *
 * @internal Typed by `@chat/protocol`, which published types never mention (`stripInternal`).
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
      clientId: wire.clientId,
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
      editedAt: wire.editedAt === null ? null : new Date(wire.editedAt),
    };
  }

  channel(wire: WireChannel): BackendChannel {
    return {
      sid: wire.sid,
      name: wire.name,
      type: wire.type,
      friendlyName: wire.friendlyName,
      description: wire.description,
      members: wire.members,
      lastMessage: wire.lastMessage && this.message(wire.lastMessage),
      lastReadIndex: wire.lastReadIndex,
      unreadCount: wire.unreadCount,
      createdBy: wire.createdBy,
      lastReadIndexes: Object.fromEntries(
        Object.entries(wire.lastReadIndexes).map(([identity, index]) => [identity, horizon(index)]),
      ),
      version: wire.changeSeq === null ? undefined : String(wire.changeSeq),
    };
  }

  /** Maps an event frame; null for events this client does not know (a newer server). */
  event(frame: WireEvent): BackendEvent | null {
    switch (frame.event) {
      case 'channelAdded':
      case 'channelUpdated':
        return { type: frame.event, channel: this.channel(frame.channel) };
      case 'channelRemoved':
        return { type: 'channelRemoved', name: frame.name };
      case 'memberJoined':
        return {
          type: 'memberJoined',
          channel: frame.channel,
          identity: frame.identity,
          lastReadIndex: horizon(frame.lastReadIndex),
        };
      case 'memberLeft':
      case 'typingStarted':
      case 'typingEnded':
        return { type: frame.event, channel: frame.channel, identity: frame.identity };
      case 'messageAdded':
      case 'messageUpdated':
        return {
          type: frame.event,
          message: this.message(frame.message),
          version: String(frame.message.changeSeq),
        };
      case 'messageRemoved':
        return {
          type: 'messageRemoved',
          channel: frame.channel,
          index: frame.index,
          sid: frame.sid,
          author: frame.author,
          lastMessage: frame.lastMessage && this.message(frame.lastMessage),
          version: String(frame.changeSeq),
        };
      case 'memberHorizonChanged':
        return {
          type: 'memberHorizonChanged',
          channel: frame.channel,
          identity: frame.identity,
          lastReadIndex: horizon(frame.lastReadIndex),
        };
      case 'readHorizonChanged':
        return {
          type: 'readHorizonChanged',
          channel: frame.channel,
          lastReadIndex: frame.lastReadIndex,
          unreadCount: frame.unreadCount,
        };
      case 'tokenAboutToExpire':
        return { type: 'tokenAboutToExpire' };
      default:
        return null;
    }
  }
}

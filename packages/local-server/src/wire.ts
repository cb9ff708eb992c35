import type { WireChannel, WireMedia, WireMessage } from '@chat/protocol';
import type { ChannelRow, MediaRow, MessageRow } from './db.js';

/** Converts a stored upload row. */
export function toWireMedia(media: MediaRow): WireMedia {
  return { sid: media.sid, filename: media.filename, contentType: media.content_type, size: media.size };
}

/** Converts a stored message row; `channelName` saves a lookup since callers know it. */
export function toWireMessage(row: MessageRow, channelName: string): WireMessage {
  return {
    sid: row.sid,
    index: row.idx,
    channel: channelName,
    clientId: row.client_id,
    author: row.author,
    body: row.body,
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    media:
      row.media_sid === null
        ? null
        : {
            sid: row.media_sid,
            filename: row.m_filename ?? '',
            contentType: row.m_content_type ?? 'application/octet-stream',
            size: row.m_size ?? 0,
          },
    dateCreated: row.date_created,
  };
}

/**
 * Converts a channel row for one viewer. `lastReadIndex` is null when the viewer is not a member;
 * the unread count follows from it because indexes have no gaps.
 */
export function toWireChannel(
  row: ChannelRow,
  members: readonly string[],
  lastMessage: WireMessage | null,
  lastReadIndex: number | null,
): WireChannel {
  return {
    sid: row.sid,
    name: row.name,
    type: row.type,
    friendlyName: row.friendly_name,
    description: row.description,
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    createdBy: row.created_by,
    dateCreated: row.date_created,
    members: [...members],
    lastMessage,
    lastReadIndex,
    unreadCount: lastReadIndex === null ? null : Math.max(0, row.last_index - lastReadIndex),
  };
}

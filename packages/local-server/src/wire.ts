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
    editedAt: row.edited_at,
    changeSeq: row.change_seq,
  };
}

/** What a member sees of a channel beyond its metadata (a non-member sees none of it). */
export interface MemberView {
  members: string[];
  lastReadIndexes: Record<string, number>;
  lastMessage: WireMessage | null;
  lastReadIndex: number;
  /** The parts of the unread count besides the horizon (`UNREAD_PARTS` in db.ts). */
  deletedAfter: number;
  ownAfter: number;
}

/**
 * Unread messages of a viewer: every index after the horizon was given to exactly one message, so
 * they are `last_index - horizon`, less the deleted ones and the viewer's own.
 */
export function unreadCount(
  row: ChannelRow,
  view: Pick<MemberView, 'lastReadIndex' | 'deletedAfter' | 'ownAfter'>,
) {
  return Math.max(0, row.last_index - view.lastReadIndex - view.deletedAfter - view.ownAfter);
}

/**
 * Converts a channel row for one viewer. A member (`view` given) sees the members, their read
 * horizons, the newest message, its own horizon, unread count and the change number; anyone else
 * sees what lets them decide to join a group: its names, description, attributes, creator and date.
 */
export function toWireChannel(row: ChannelRow, view: MemberView | null): WireChannel {
  return {
    sid: row.sid,
    name: row.name,
    type: row.type,
    friendlyName: row.friendly_name,
    description: row.description,
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    createdBy: row.created_by,
    dateCreated: row.date_created,
    members: view ? view.members : [],
    lastMessage: view ? view.lastMessage : null,
    lastReadIndex: view ? view.lastReadIndex : null,
    unreadCount: view ? unreadCount(row, view) : null,
    lastReadIndexes: view ? view.lastReadIndexes : {},
    changeSeq: view ? row.change_seq : null,
  };
}

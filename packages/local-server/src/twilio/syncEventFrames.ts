import type { WireMessage } from '@chat/protocol';
import type { ChannelRow } from '../db.js';
import { notificationFrame, SYNC_EVENT } from './notificationFrame.js';
import { syncSid } from './syncNames.js';
import { documentData, iso, messageData } from './syncViews.js';

/** What happened to a map item. */
export type MapChange = 'added' | 'updated' | 'removed';

/**
 * `map_item_added/updated/removed`, as `SyncMapImpl._update` reads it (the item's full data; an
 * event id no greater than what the client knows for the key is ignored).
 */
export function mapEventFrame(
  base: string,
  mapSid: string,
  key: string,
  change: MapChange,
  id: number,
  data: unknown,
): Buffer {
  return notificationFrame(SYNC_EVENT, {
    event_type: `map_item_${change}`,
    event: {
      id,
      map_sid: mapSid,
      item_key: key,
      item_url: `${base}/v3/Maps/${mapSid}/Items/${encodeURIComponent(key)}`,
      item_revision: String(id),
      item_data: data,
      date_created: iso(Date.now()),
      date_expires: null,
      map_revision: String(id),
    },
  });
}

/** What happened to a list item. */
export type ListChange = 'added' | 'updated' | 'removed';

/**
 * `list_item_added/updated/removed` of a message (`SyncListImpl._update`). Its event id is the
 * change number of the send, edit or deletion (the domain's `changeSeq`): it grows with every
 * change of the channel's messages, so an edit is never ignored as older than the item's last
 * event. A removal carries no data (the SDKs read its index only).
 */
export function listEventFrame(
  base: string,
  row: ChannelRow,
  change: ListChange,
  index: number,
  id: number,
  message: WireMessage | null,
): Buffer {
  const listSid = syncSid.messages(row.sid);
  return notificationFrame(SYNC_EVENT, {
    event_type: `list_item_${change}`,
    event: {
      id,
      list_sid: listSid,
      item_index: index,
      item_url: `${base}/v3/Lists/${listSid}/Items/${index}`,
      item_revision: String(id),
      item_data: message ? messageData(row.sid, message) : {},
      date_created: iso(message ? (message.editedAt ?? message.dateCreated) : Date.now()),
      date_expires: null,
      list_revision: String(id),
    },
  });
}

/**
 * `document_updated` of a channel document with its whole data (`SyncDocumentImpl._update`).
 * `id` is the projection's event id of the change (a message, a rename, a deletion).
 */
export function documentEventFrame(
  row: ChannelRow,
  lastMessage: { index: number; timestamp: number } | null,
  id: number,
): Buffer {
  return notificationFrame(SYNC_EVENT, {
    event_type: 'document_updated',
    event: {
      id,
      document_sid: syncSid.document(row.sid),
      document_revision: String(id),
      document_data: documentData(row, lastMessage),
      date_created: iso(Date.now()),
    },
  });
}

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

/** `list_item_added` of a message; its event id is its index + 1 (`SyncListImpl._update`). */
export function listEventFrame(base: string, row: ChannelRow, message: WireMessage): Buffer {
  const listSid = syncSid.messages(row.sid);
  const id = message.index + 1;
  return notificationFrame(SYNC_EVENT, {
    event_type: 'list_item_added',
    event: {
      id,
      list_sid: listSid,
      item_index: message.index,
      item_url: `${base}/v3/Lists/${listSid}/Items/${message.index}`,
      item_revision: String(id),
      item_data: messageData(row.sid, message),
      date_created: iso(message.dateCreated),
      date_expires: null,
      list_revision: String(id),
    },
  });
}

/**
 * `document_updated` of a channel document with its whole data (`SyncDocumentImpl._update`);
 * its event id is the newest message index + 2, so the creation is 1.
 */
export function documentEventFrame(
  row: ChannelRow,
  lastMessage: { index: number; timestamp: number } | null,
): Buffer {
  const id = row.last_index + 2;
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

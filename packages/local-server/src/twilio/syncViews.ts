import type { WireMessage } from '@chat/protocol';
import type { ChannelRow } from '../db.js';
import { memberSid, syncName, userMapSid } from './syncNames.js';
import type { MemberRow } from './TwilioData.js';

/** Milliseconds since the epoch as the ISO text Twilio sends. */
export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A channel's attributes as Twilio clients see them. The local protocol keeps `type` and
 * `description` as fields; the Twilio adapters keep them in the attributes (Conversations has no
 * private flag), so they are added to the stored attributes, and win over the copies stored there at
 * creation: `updateChannel` changes the description field, not the attributes.
 */
export function presentedAttributes(row: ChannelRow): Record<string, unknown> {
  return { ...(JSON.parse(row.attributes) as object), type: row.type, description: row.description };
}

/** twilio-chat's name for a channel's type. */
export const chatType = (row: ChannelRow) => (row.type === 'private' ? 'private' : 'public');

/**
 * The channel document's data, the fields `Conversation._update` (Conversations) and
 * `Channel._update` (twilio-chat) read, plus the names of the channel's messages list and roster.
 */
export function documentData(row: ChannelRow, lastMessage: { index: number; timestamp: number } | null) {
  return {
    sid: row.sid,
    uniqueName: row.name,
    friendlyName: row.friendly_name,
    attributes: presentedAttributes(row),
    createdBy: row.created_by,
    dateCreated: iso(row.date_created),
    dateUpdated: iso(row.date_created),
    type: chatType(row),
    messages: syncName.messages(row.sid),
    roster: syncName.roster(row.sid),
    ...(lastMessage
      ? { lastMessage: { index: lastMessage.index, timestamp: iso(lastMessage.timestamp) } }
      : {}),
  };
}

/**
 * A message list item's data. Both SDKs read the text from `text` (not `body`) and the
 * attributes as a JSON string; twilio-chat reads one `media`, Conversations `medias` (each with
 * `contentType` in camel case, as `Media` reads it). An edited message has `dateUpdated` at the
 * edit and `lastUpdatedBy` its author (only the author edits), as Twilio reports an edit.
 */
export function messageData(channelSid: string, message: WireMessage) {
  const { media } = message;
  const date = iso(message.dateCreated);
  const edited = message.editedAt ?? null;
  return {
    sid: message.sid,
    author: message.author,
    text: message.body,
    attributes: JSON.stringify(message.attributes),
    timestamp: date,
    dateUpdated: edited === null ? date : iso(edited),
    lastUpdatedBy: edited === null ? null : message.author,
    type: media ? 'media' : 'text',
    memberSid: memberSid(channelSid, message.author),
    ...(media
      ? {
          media: {
            sid: media.sid,
            filename: media.filename,
            contentType: media.contentType,
            size: media.size,
          },
          medias: [
            {
              sid: media.sid,
              filename: media.filename,
              contentType: media.contentType,
              size: media.size,
              category: 'media',
            },
          ],
        }
      : {}),
  };
}

/** Twilio has no "-1": an unset read horizon is null. */
export const horizonOf = (lastReadIndex: number) => (lastReadIndex < 0 ? null : lastReadIndex);

/** A roster item's data (`Participant` / `Member` read these). */
export function rosterData(channelSid: string, member: MemberRow, consumedAt: number | null = null) {
  return {
    sid: memberSid(channelSid, member.identity),
    identity: member.identity,
    attributes: '{}',
    dateCreated: iso(member.joined_at),
    dateUpdated: iso(member.joined_at),
    lastConsumedMessageIndex: horizonOf(member.last_read_index),
    lastConsumptionTimestamp: consumedAt === null ? null : iso(consumedAt),
    type: 'chat',
    userInfo: userMapSid('userInfo', member.identity),
  };
}

/**
 * An item of a user's my-conversations map: the channel's sid is the key; `channel`, `messages`
 * and `roster` name its Sync objects; `type` is twilio-chat's (private channels).
 */
export function myConversationData(row: ChannelRow, lastReadIndex: number) {
  return {
    channel_sid: row.sid,
    conversation_sid: row.sid,
    status: 'joined',
    type: chatType(row),
    uniqueName: row.name,
    friendlyName: row.friendly_name,
    attributes: presentedAttributes(row),
    createdBy: row.created_by,
    dateCreated: iso(row.date_created),
    dateUpdated: iso(row.date_created),
    channel: syncName.document(row.sid),
    messages: syncName.messages(row.sid),
    roster: syncName.roster(row.sid),
    lastConsumedMessageIndex: horizonOf(lastReadIndex),
    notificationLevel: 'default',
  };
}

/** The items of a user's info map (`friendlyName`, `attributes`; reachability is off). */
export function userInfoData(): Record<string, unknown> {
  return { attributes: { value: '{}' }, friendlyName: { value: null } };
}

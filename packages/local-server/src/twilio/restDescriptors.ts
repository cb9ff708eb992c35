import { unreadOf } from '../channelAccess.js';
import type { ChannelRow } from '../db.js';
import { memberSid, syncName } from './syncNames.js';
import { chatType, horizonOf, iso, presentedAttributes } from './syncViews.js';
import type { MemberRow } from './TwilioData.js';
import type { Flavor } from './TwilioError.js';
import type { Scope } from './upstream.js';

/** `http://HOST:PORT/Client/v1` (twilio-chat) or `/Client/v2` (Conversations). */
export function clientBase(scope: Scope, flavor: Flavor): string {
  return `${scope.ctx.baseUrl}/Client/${flavor === 'chat' ? 'v1' : 'v2'}`;
}

/** The REST links of a conversation (the SDKs build the same ones themselves for known ones). */
export function conversationLinks(scope: Scope, flavor: Flavor, sid: string) {
  const self = `${clientBase(scope, flavor)}/Conversations/${sid}`;
  return {
    self,
    messages: `${self}/Messages`,
    participants: `${self}/Participants`,
    invites: `${self}/Invites`,
  };
}

/**
 * A conversation (Conversations) or channel (twilio-chat) as the REST API describes it to the
 * caller: `status` is theirs (`joined` or `notParticipating`), and so are the read horizon
 * (`last_read_message_index` / `last_consumed_message_index`, null when unset) and the unread
 * count (null while no horizon is set, as Twilio reports it).
 */
export function conversationDescriptor(scope: Scope, flavor: Flavor, row: ChannelRow) {
  const member = scope.data.member(row.id, scope.identity);
  const horizon = member ? horizonOf(member.last_read_index) : null;
  const links = conversationLinks(scope, flavor, row.sid);
  return {
    sid: row.sid,
    conversation_sid: row.sid,
    channel_sid: row.sid,
    account_sid: scope.ctx.options.keys.accountSid,
    chat_service_sid: scope.ctx.options.keys.serviceSid,
    service_sid: scope.ctx.options.keys.serviceSid,
    unique_name: row.name,
    friendly_name: row.friendly_name,
    attributes: JSON.stringify(presentedAttributes(row)),
    created_by: row.created_by,
    date_created: iso(row.date_created),
    date_updated: iso(row.date_created),
    type: chatType(row),
    status: member ? 'joined' : 'notParticipating',
    notification_level: member ? 'default' : null,
    last_read_message_index: horizon,
    last_consumed_message_index: horizon,
    unread_messages_count: horizon === null ? null : unreadOf(scope.ctx, row, scope.identity, horizon),
    // Deleted messages leave gaps: every index given, less the deleted ones.
    messages_count: row.last_index + 1 - scope.ctx.db.unreadParts.get(row.id, -1, '')!.deleted_after,
    participants_count: scope.ctx.members.of(row.id).size,
    members_count: scope.ctx.members.of(row.id).size,
    url: links.self,
    links: { participants: links.participants, messages: links.messages, invites: links.invites },
    sync_objects: {
      conversation: syncName.document(row.sid),
      messages: syncName.messages(row.sid),
      participants: syncName.roster(row.sid),
    },
  };
}

/** A participant (member) resource, the answer to adding one. */
export function participantDescriptor(scope: Scope, flavor: Flavor, row: ChannelRow, member: MemberRow) {
  const sid = memberSid(row.sid, member.identity);
  return {
    sid,
    identity: member.identity,
    conversation_sid: row.sid,
    channel_sid: row.sid,
    attributes: '{}',
    role_sid: null,
    messaging_binding: null,
    date_created: iso(member.joined_at),
    date_updated: iso(member.joined_at),
    last_read_message_index: horizonOf(member.last_read_index),
    last_consumed_message_index: horizonOf(member.last_read_index),
    url: `${conversationLinks(scope, flavor, row.sid).participants}/${sid}`,
  };
}

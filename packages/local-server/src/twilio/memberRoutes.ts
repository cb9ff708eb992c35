import { removeMember } from '../handlers/manageChannel.js';
import { setReadHorizon } from '../handlers/memberSignals.js';
import { addMember, admit, joinChannel, leaveChannel } from '../handlers/membership.js';
import { identitySchema } from '../protocol.js';
import { visibleChannel } from './conversationRoutes.js';
import { conversationDescriptor, participantDescriptor } from './restDescriptors.js';
import { memberSid } from './syncNames.js';
import { domain, TwilioError } from './TwilioError.js';
import { flavorOf, objectBody, type Route } from './upstream.js';

/**
 * Membership and read horizons. Joining is adding oneself (`join()` posts the caller's own
 * identity); a member adding someone already there gets 409 (50433 / 50404) as on Twilio,
 * where the local protocol's `addMember` is idempotent.
 * A private channel can be joined by the two identities in its name (its creator right after
 * creating it, on Twilio's order: create, join, add).
 */
export const memberRoutes: Route[] = [
  {
    method: 'POST',
    path: '/Client/:v/Conversations/:id/Participants',
    handler: (parts, request, scope) => {
      const flavor = flavorOf(parts);
      const row = visibleChannel(scope, flavor, parts.id ?? '');
      const target = objectBody(request, flavor).identity;
      if (typeof target !== 'string' || !identitySchema.safeParse(target).success) {
        throw new TwilioError(
          'invalid_argument',
          flavor,
          `identity must be 1-128 characters without "#" or control characters, got ${JSON.stringify(target)}.`,
        );
      }
      if (scope.data.isMember(row, target)) {
        throw new TwilioError(
          'already_member',
          flavor,
          `${JSON.stringify(target)} is already a member of ${JSON.stringify(row.name)}.`,
        );
      }
      if (target === scope.identity) {
        if (row.type === 'group')
          domain(flavor, () => joinChannel(scope.ctx, scope.identity, { name: row.name }));
        else if (row.name.split('#').includes(target)) admit(scope.ctx, row, target, row.last_index);
        else
          throw new TwilioError(
            'forbidden',
            flavor,
            `Private channel ${JSON.stringify(row.name)} is only for the two identities in its name.`,
          );
      } else {
        domain(flavor, () => addMember(scope.ctx, scope.identity, { name: row.name, identity: target }));
      }
      const member = scope.data.member(row.id, target)!;
      return { status: 201, body: participantDescriptor(scope, flavor, row, member) };
    },
  },
  {
    // Leaving (the caller's own identity) or removing another member (`participant.remove()`,
    // `removeParticipant`/`removeMember`), by identity or member sid. Who may remove whom is the
    // domain's `removeMember` (the creator, in a group); once it allows, a non-member is 404 as on
    // Twilio (the domain changes nothing).
    method: 'DELETE',
    path: '/Client/:v/Conversations/:id/Participants/:member',
    handler: (parts, _request, scope) => {
      const flavor = flavorOf(parts);
      const row = visibleChannel(scope, flavor, parts.id ?? '');
      const wanted = parts.member ?? '';
      const member = [...scope.ctx.members.of(row.id)].find(
        (identity) => identity === wanted || memberSid(row.sid, identity) === wanted,
      );
      if (member === scope.identity) {
        domain(flavor, () => leaveChannel(scope.ctx, scope.identity, { name: row.name }));
        return { status: 204 };
      }
      const target = member ?? wanted;
      if (member === undefined && !identitySchema.safeParse(target).success) {
        throw new TwilioError(
          'member_not_found',
          flavor,
          `${JSON.stringify(wanted)} is not a member of ${JSON.stringify(row.name)}.`,
        );
      }
      domain(flavor, () => removeMember(scope.ctx, scope.identity, { name: row.name, identity: target }));
      if (member === undefined) {
        throw new TwilioError(
          'member_not_found',
          flavor,
          `${JSON.stringify(wanted)} is not a member of ${JSON.stringify(row.name)}.`,
        );
      }
      return { status: 204 };
    },
  },
  {
    // Read horizon: Conversations posts last_read_message_index, twilio-chat last_consumed_message_index;
    // null unsets it (the domain's -1). The answer carries the unread count the SDKs return.
    method: 'POST',
    path: '/Client/:v/Users/:identity/Conversations/:id',
    handler: (parts, request, scope) => {
      const flavor = flavorOf(parts);
      if (parts.identity !== scope.identity) {
        throw new TwilioError(
          'forbidden',
          flavor,
          `You are ${JSON.stringify(scope.identity)}; you cannot change another user's horizon.`,
        );
      }
      const row = visibleChannel(scope, flavor, parts.id ?? '');
      const body = objectBody(request, flavor);
      const key =
        'last_read_message_index' in body ? 'last_read_message_index' : 'last_consumed_message_index';
      if (key in body) {
        const index = body[key];
        if (index !== null && (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0)) {
          throw new TwilioError(
            'invalid_argument',
            flavor,
            `${key} must be a non-negative integer or null, got ${JSON.stringify(index)}.`,
          );
        }
        domain(flavor, () =>
          setReadHorizon(scope.ctx, scope.identity, { channel: row.name, index: index ?? -1 }),
        );
      } else if (!scope.data.isMember(row, scope.identity)) {
        throw new TwilioError('not_member', flavor, `You are not a member of ${JSON.stringify(row.name)}.`);
      }
      // notification_level is accepted and not stored: there are no push notifications here.
      return {
        status: 200,
        body: conversationDescriptor(scope, flavor, scope.data.channelBySid(row.sid) ?? row),
      };
    },
  },
];

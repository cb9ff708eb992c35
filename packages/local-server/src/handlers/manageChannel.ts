import type { WireParams, WireResult } from '@chat/protocol';
import { channelViews, memberChannel } from '../channelAccess.js';
import type { ServerContext } from '../context.js';
import { ProtocolError } from '../errors.js';
import { depart } from './membership.js';

/**
 * Removes a member from a group, by its creator only (Twilio's channel admin): `forbidden` for any
 * other member and in a private channel, whose two members are its name. The removed identity gets
 * `channelRemoved` and can no longer read the channel; unlike someone who left, it cannot join
 * again by itself (a member may add it back). Removing a non-member changes nothing.
 */
export function removeMember(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'removeMember'>,
): WireResult<'removeMember'> {
  const row = memberChannel(ctx, params.name, identity);
  if (row.type === 'private') {
    throw new ProtocolError(
      'forbidden',
      `private channel ${JSON.stringify(row.name)} always holds the two identities in its name; leave it (leaveChannel) instead.`,
    );
  }
  if (row.created_by !== identity) {
    throw new ProtocolError(
      'forbidden',
      `only ${JSON.stringify(row.created_by)}, who created ${JSON.stringify(row.name)}, may remove its members; ask them.`,
    );
  }
  if (params.identity === identity) {
    throw new ProtocolError(
      'invalid_argument',
      `identity ${JSON.stringify(identity)} is you; leave the channel (leaveChannel) rather than remove yourself.`,
    );
  }
  if (ctx.members.has(row.id, params.identity)) depart(ctx, row, params.identity, identity);
  return {};
}

/**
 * Renames a channel or changes its description, for any member, within the limits of creation.
 * Every member's connections get `channelUpdated` with the channel as that member sees it; a
 * change to the same values changes and sends nothing.
 */
export function updateChannel(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'updateChannel'>,
): WireResult<'updateChannel'> {
  let row = memberChannel(ctx, params.name, identity);
  const friendlyName = params.friendlyName ?? row.friendly_name;
  const description = params.description ?? row.description;
  const changed = friendlyName !== row.friendly_name || description !== row.description;
  if (changed) row = ctx.db.updateChannel.get(friendlyName, description, row.id)!;
  const view = channelViews(ctx, row);
  if (changed) {
    for (const member of ctx.members.of(row.id)) {
      if (ctx.hub.isOnline(member))
        ctx.hub.toUser(member, { event: 'channelUpdated', channel: view(member) });
    }
  }
  return { channel: view(identity) };
}

import type { WireParams, WireResult } from '@chat/protocol';
import { channelView, memberChannel, visibleChannel } from '../channelAccess.js';
import type { ServerContext } from '../context.js';
import type { ChannelRow } from '../db.js';
import { ProtocolError } from '../errors.js';

/**
 * Records a new member and tells everyone concerned (the newcomer's tabs get `channelAdded`). It
 * lifts any mark of the newcomer's departure or removal.
 */
export function admit(ctx: ServerContext, row: ChannelRow, identity: string, horizon: number): void {
  ctx.db.db.transaction(() => {
    ctx.db.insertMember.run(row.id, identity, horizon, Date.now());
    ctx.db.clearDeparture.run(row.id, identity);
  })();
  ctx.members.add(row.id, identity, horizon);
  if (ctx.hub.isOnline(identity)) {
    ctx.hub.toUser(identity, { event: 'channelAdded', channel: channelView(ctx, row, identity) });
  }
  ctx.hub.toMembers(ctx.members.of(row.id), {
    event: 'memberJoined',
    channel: row.name,
    identity,
    lastReadIndex: horizon,
  });
}

/**
 * Takes a member out and tells everyone concerned: the members as they were (`memberLeft`), and
 * the one taken out (`channelRemoved`). `removedBy` null: they left; else the creator who removed them.
 */
export function depart(
  ctx: ServerContext,
  row: ChannelRow,
  identity: string,
  removedBy: string | null,
): void {
  ctx.typing.stop(row.id, identity);
  const before = [...ctx.members.of(row.id)];
  ctx.db.db.transaction(() => {
    ctx.db.deleteMember.run(row.id, identity);
    if (row.type === 'group') ctx.db.recordDeparture.run(row.id, identity, Date.now(), removedBy);
  })();
  ctx.members.remove(row.id, identity);
  ctx.hub.toMembers(before, { event: 'memberLeft', channel: row.name, identity });
  ctx.hub.toUser(identity, { event: 'channelRemoved', name: row.name });
}

/**
 * Joins a group channel, with the horizon at the newest message. Idempotent. Joining is also how
 * someone who left comes back: it lifts the "left" mark that keeps others from re-adding them.
 * Someone the creator removed cannot join again by themselves: a member must add them.
 */
export function joinChannel(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'joinChannel'>,
): WireResult<'joinChannel'> {
  const row = visibleChannel(ctx, params.name, identity);
  if (!ctx.members.has(row.id, identity)) {
    if (ctx.db.departed.get(row.id, identity)?.removed_by) {
      throw new ProtocolError(
        'forbidden',
        `${JSON.stringify(row.created_by)} removed you from ${JSON.stringify(row.name)}, so you cannot join it by yourself; ask a member to add you back.`,
      );
    }
    ctx.quotas.checkJoin(row, identity);
    admit(ctx, row, identity, row.last_index);
  }
  return { channel: channelView(ctx, row, identity) };
}

/**
 * Leaves a channel. From a group, the departure is remembered: nobody else can add the leaver
 * back (they may rejoin themselves). A private channel disappears for the leaver until the peer
 * re-adds them, which stays possible: it is the only way back into a 1:1 conversation.
 */
export function leaveChannel(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'leaveChannel'>,
): WireResult<'leaveChannel'> {
  const row = memberChannel(ctx, params.name, identity);
  depart(ctx, row, identity, null);
  return {};
}

/**
 * Adds another identity (Twilio `add(identity)`), with its horizon at -1 so the history shows as
 * unread. A private channel only ever holds the two identities of its name; someone who left a
 * group is not added back by another's hand (someone the creator removed may be); both within the
 * quotas. Idempotent.
 */
export function addMember(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'addMember'>,
): WireResult<'addMember'> {
  const row = memberChannel(ctx, params.name, identity);
  if (row.type === 'private' && !row.name.split('#').includes(params.identity)) {
    throw new ProtocolError(
      'forbidden',
      `private channel ${JSON.stringify(row.name)} is only for the two identities in its name; create a group channel for more people.`,
    );
  }
  if (!ctx.members.has(row.id, params.identity)) {
    const departure = row.type === 'group' ? ctx.db.departed.get(row.id, params.identity) : undefined;
    if (departure && departure.removed_by === null) {
      throw new ProtocolError(
        'forbidden',
        `${JSON.stringify(params.identity)} left ${JSON.stringify(row.name)}, so only they can bring themselves back; ask them to join it (joinChannel).`,
      );
    }
    ctx.quotas.checkAdd(row, params.identity);
    admit(ctx, row, params.identity, -1);
    ctx.quotas.recordAdd(row, params.identity);
  }
  return { channel: channelView(ctx, row, identity) };
}

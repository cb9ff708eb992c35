import { randomUUID } from 'node:crypto';
import { describeNameProblem, groupNameProblem, type WireParams, type WireResult } from '@chat/protocol';
import { channelView } from '../channelAccess.js';
import type { ServerContext } from '../context.js';
import type { ChannelRow } from '../db.js';
import { ProtocolError } from '../errors.js';

/** A new channel sid in Twilio's shape (`CH` + 32 hex digits). */
export function channelSid(): string {
  return `CH${randomUUID().replaceAll('-', '')}`;
}

function checkName(identity: string, params: WireParams<'createChannel'>, others: string[]): void {
  if (params.type === 'group') {
    // '#' and its look-alikes are reserved for private channels: `alice＃bob` must not pass for one.
    const problem = groupNameProblem(params.name);
    if (problem !== null) {
      throw new ProtocolError(
        'invalid_argument',
        `group name ${describeNameProblem(problem, params.name, 'group')}.`,
      );
    }
    return;
  }
  const peer = others[0];
  const expected = peer === undefined ? undefined : [identity, peer].sort().join('#');
  if (others.length !== 1 || params.name !== expected) {
    throw new ProtocolError(
      'invalid_argument',
      `got name ${JSON.stringify(params.name)} with members ${JSON.stringify(params.members ?? [])}, but a private channel has exactly one other member and is named after the sorted pair; name it e.g. ${JSON.stringify([identity, peer ?? 'bob'].sort().join('#'))}.`,
    );
  }
}

/** The stored fields of a new channel. */
export interface NewChannel {
  name: string;
  type: 'group' | 'private';
  friendlyName: string;
  description: string;
  attributes: Record<string, unknown>;
}

/**
 * Stores a channel whose name has been checked and is free, with `members` at horizon -1, and
 * tells each member's connections (`channelAdded`). The Twilio front door calls it with no
 * members: on Twilio a creator joins afterwards.
 */
export function insertChannel(
  ctx: ServerContext,
  creator: string,
  channel: NewChannel,
  members: readonly string[],
): ChannelRow {
  // Quotas hold for both front doors (the Twilio emulator creates channels here too).
  const others = members.filter((member) => member !== creator);
  ctx.quotas.checkCreate(creator, others, channel.type);
  const now = Date.now();
  const row = ctx.db.db.transaction(() => {
    const created = ctx.db.insertChannel.get(
      channelSid(),
      channel.name,
      channel.type,
      channel.friendlyName,
      channel.description,
      JSON.stringify(channel.attributes),
      creator,
      now,
    )!;
    for (const member of members) ctx.db.insertMember.run(created.id, member, -1, now);
    return created;
  })();
  ctx.quotas.recordCreate(creator, others, channel.type);
  for (const member of members) {
    ctx.members.add(row.id, member, -1);
  }
  for (const member of members) {
    if (ctx.hub.isOnline(member)) {
      ctx.hub.toUser(member, { event: 'channelAdded', channel: channelView(ctx, row, member) });
    }
  }
  return row;
}

/**
 * Creates a channel: the creator joins with its horizon at -1 and so do the listed members (the
 * peer of a private channel learns of it at once through `channelAdded`). Within the quotas,
 * or refused whole, naming every listed member who cannot be added.
 */
export function createChannel(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'createChannel'>,
): WireResult<'createChannel'> {
  const others = [...new Set(params.members ?? [])].filter((member) => member !== identity);
  checkName(identity, params, others);
  if (ctx.db.channelByName.get(params.name)) {
    throw new ProtocolError(
      'channel_exists',
      `a channel named ${JSON.stringify(params.name)} already exists; join it (group) or open it (private) instead.`,
    );
  }
  const row = insertChannel(
    ctx,
    identity,
    {
      name: params.name,
      type: params.type,
      friendlyName: params.friendlyName ?? params.name,
      description: params.description ?? '',
      attributes: params.attributes ?? {},
    },
    [identity, ...others],
  );
  return { channel: channelView(ctx, row, identity) };
}

import type { WireParams, WireResult } from '@chat/protocol';
import { memberChannel } from '../channelAccess.js';
import type { ServerContext } from '../context.js';
import { ProtocolError } from '../errors.js';
import { signMedia } from '../mediaSignature.js';

/**
 * A signed download URL for an upload, for members of its channel only. An unknown sid and a
 * private channel of others both answer `channel_not_found`, so guessing sids reveals nothing.
 */
export function mediaUrl(
  ctx: ServerContext,
  identity: string,
  params: WireParams<'mediaUrl'>,
): WireResult<'mediaUrl'> {
  const media = ctx.db.media.get(params.sid);
  const channel = media ? ctx.db.channelById.get(media.channel_id) : undefined;
  // Checked here rather than by name: the error must not echo the name of someone else's channel.
  if (!media || !channel || (channel.type === 'private' && !ctx.members.has(channel.id, identity))) {
    throw new ProtocolError(
      'channel_not_found',
      `no media ${JSON.stringify(params.sid)} in a channel you can see; check the sid of the message's media.`,
    );
  }
  memberChannel(ctx, channel.name, identity);
  const expiresAt = Date.now() + ctx.options.mediaUrlTtlMs;
  const sig = signMedia(ctx.options.keys.apiSecret, media.sid, expiresAt);
  return { url: `${ctx.baseUrl}/media/${media.sid}?exp=${expiresAt}&sig=${sig}`, expiresAt };
}

import { ChatError } from '../../core/errors.js';
import type { TwilioConnection } from './TwilioConnection.js';
import { isConflict } from './toChatError.js';
import type { TwilioChannel } from './types.js';

/**
 * How long a call waits for the SDK to see a change the service accepted (its Sync update):
 * normally milliseconds; longer means the live updates are late or the connection dropped.
 */
export const CONFIRM_TIMEOUT_MS = 10_000;

/**
 * Joins (or leaves) and resolves once the SDK itself sees the user as a member (or not). The
 * SDKs resolve `join()` when the REST call is answered and flip `status` only when the Sync
 * update arrives: until then a send, an addMember or a read-horizon move is refused as
 * `not_member`, unread counts are null, and the SDK's own `leave()` does nothing.
 */
export async function setMembership(
  connection: TwilioConnection,
  channel: TwilioChannel,
  member: boolean,
  kind: string,
): Promise<void> {
  if (channel.isMember === member) return;
  await (member ? channel.join() : channel.leave());
  const seen = await connection.watch.until(channel, () => channel.isMember === member, CONFIRM_TIMEOUT_MS);
  if (seen || connection.closed) return;
  throw new ChatError(
    'network',
    `${kind}: Twilio accepted ${member ? 'the join' : 'the leave'} of "${channel.name}", but the SDK did not ` +
      `see it within ${CONFIRM_TIMEOUT_MS / 1000} s (its live updates are late or the connection dropped); ` +
      `the channel ${member ? 'appears' : 'goes'} when they arrive`,
  );
}

/**
 * Sets the read horizon and waits (at most {@link CONFIRM_TIMEOUT_MS}) until the SDK's
 * `lastReadIndex` shows it, so that a snapshot taken next carries it; resolves with the unread
 * count Twilio reported. A horizon the service stored differently (clamped) only costs the wait.
 */
export async function setHorizon(
  connection: TwilioConnection,
  channel: TwilioChannel,
  index: number | null,
): Promise<number | null> {
  const reported = await channel.setLastReadIndex(index);
  await connection.watch.until(channel, () => channel.lastReadIndex === index, CONFIRM_TIMEOUT_MS);
  return reported;
}

/** Moves the horizon to the newest message (nothing on an empty channel), as {@link setHorizon}. */
export async function markAllRead(connection: TwilioConnection, channel: TwilioChannel): Promise<void> {
  const newest = (await channel.messages(1, undefined, 'backwards')).items.at(-1);
  if (newest) await setHorizon(connection, channel, newest.index);
}

/**
 * `add(identity)`, treating "already a member" as done, like the local server. Resolves true when
 * the member was added, false when they were one already.
 */
export async function addIdempotent(channel: TwilioChannel, identity: string): Promise<boolean> {
  try {
    await channel.add(identity);
    return true;
  } catch (error) {
    if (!isConflict(error, 'alreadyMember')) throw error;
    return false;
  }
}

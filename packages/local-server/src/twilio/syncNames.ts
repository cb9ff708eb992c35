import { createHash } from 'node:crypto';

/**
 * Names and sids of the Sync objects behind a channel. The unique names are the ones the SDKs
 * fall back to themselves (twilio-chat opens `<channel sid>.channel`, both SDKs assume
 * `<channel sid>.roster`), so that every lookup path reaches the same objects; the sids are
 * derived from the channel sid, so nothing needs storing and they survive a restart.
 */
export const syncName = {
  document: (channelSid: string) => `${channelSid}.channel`,
  messages: (channelSid: string) => `${channelSid}.messages`,
  roster: (channelSid: string) => `${channelSid}.roster`,
};

/** Sync sids (`ET` documents, `ES` lists, `MP` maps) of a channel's objects. */
export const syncSid = {
  document: (channelSid: string) => `ET${channelSid.slice(2)}`,
  messages: (channelSid: string) => `ES${channelSid.slice(2)}`,
  roster: (channelSid: string) => `MP${channelSid.slice(2)}`,
};

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** A member's participant sid in a channel (`MB…`), the key of its roster item. */
export function memberSid(channelSid: string, identity: string): string {
  return `MB${digest(`${channelSid}\n${identity}`)}`;
}

/** The maps every user has: the channels they belong to, and their user info. */
export type UserMapKind = 'myConversations' | 'userInfo';

/** The sid of one of a user's maps (identities can be any text; the sid is a digest of it). */
export function userMapSid(kind: UserMapKind, identity: string): string {
  return `MP${digest(`${kind}\n${identity}`)}`;
}

/** The channel sid a `<prefix><32 hex>` sid or a `CH….suffix` unique name refers to, if any. */
export function channelSidOf(id: string, sidPrefix: string, nameSuffix: string): string | null {
  if (id.startsWith('CH') && id.endsWith(nameSuffix)) return id.slice(0, -nameSuffix.length);
  if (id.startsWith(sidPrefix) && /^[A-Z]{2}[0-9a-f]{32}$/.test(id)) return `CH${id.slice(2)}`;
  return null;
}

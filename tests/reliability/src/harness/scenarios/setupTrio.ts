import { ChatUser, type ChatUserOptions } from '../ChatUser.js';
import type { Cleanup } from '../Cleanup.js';
import { waitUntil } from '../eventually.js';

/** Three users who share a group channel and have a private channel with each other. */
export interface Trio {
  users: ChatUser[];
  /** The group channel every user has open. */
  room: string;
  /** Private channels of each user (the two pairs it belongs to), by identity. */
  privates: Map<string, string[]>;
}

const IDENTITIES = ['alice', 'bob', 'carol'];

/**
 * Connects alice, bob and carol to `url` (options per identity), creates `room` (all open it) and
 * the three private channels, and waits until every store lists all four channels.
 */
export async function setupTrio(
  url: string,
  cleanup: Cleanup,
  options: (identity: string) => ChatUserOptions = () => ({}),
): Promise<Trio> {
  const users: ChatUser[] = [];
  for (const identity of IDENTITIES) {
    users.push(cleanup.add(await ChatUser.connect(url, identity, options(identity)), (u) => u.close()));
  }
  const [alice, bob, carol] = users as [ChatUser, ChatUser, ChatUser];
  const room = 'room';
  await alice.api.createGroupChannel(room);
  alice.api.setCurrentChannel(room);
  await bob.api.joinChannel(room);
  await carol.api.joinChannel(room);
  await alice.api.createPrivateChannel('bob');
  await alice.api.createPrivateChannel('carol');
  await bob.api.createPrivateChannel('carol');
  for (const user of users) {
    await waitUntil(
      () => Object.keys(user.api.channels).length === 3,
      () =>
        `${user.identity} lists the room and its two private channels (lists ${Object.keys(user.api.channels)})`,
    );
  }
  const privates = new Map(
    users.map((user) => [
      user.identity,
      Object.values(user.api.channels)
        .filter((channel) => channel.type === 'private')
        .map((channel) => channel.name),
    ]),
  );
  return { users, room, privates };
}

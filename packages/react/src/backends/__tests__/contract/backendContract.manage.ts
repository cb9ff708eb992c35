import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BackendMessage, ChangesPage, ChatBackend } from '../../../core/backend.js';
import { ChatError, type ChatErrorCode } from '../../../core/errors.js';
import { type ContractHarness, ContractUser } from './ContractUser.js';

/**
 * Issue 16's behaviours every ChatBackend must have (managing groups, fixing messages, read
 * receipts, what changed after a reconnect), beside `describeBackendContract` and with the same
 * harness: run on the local backend now, on both Twilio backends once their adapters implement them.
 */
export function describeBackendManageContract(name: string, setup: () => Promise<ContractHarness>): void {
  describe(`${name}: backend contract, managing groups and messages`, () => {
    let harness: ContractHarness;
    const open: ChatBackend[] = [];
    let counter = 0;

    beforeAll(async () => {
      harness = await setup();
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((backend) => backend.shutdown()));
    });
    afterAll(async () => {
      await harness?.cleanup();
    });

    const unique = (base: string) => {
      counter += 1;
      return `${base}${counter}`;
    };

    async function user(base: string): Promise<ContractUser> {
      const identity = unique(base);
      const backend = harness.makeBackend();
      open.push(backend);
      const u = new ContractUser(backend, identity);
      await backend.connect(await harness.mintToken(identity), u.emit);
      return u;
    }

    async function codeOf(promise: Promise<unknown>): Promise<ChatErrorCode> {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ChatError);
      return (error as ChatError).code;
    }

    /** alice created a group with bob in it (bob has seen it appear). */
    async function group() {
      const alice = await user('alice');
      const bob = await user('bob');
      const channel = unique('team');
      await alice.backend.createChannel({
        name: channel,
        type: 'group',
        friendlyName: channel,
        description: 'd',
        members: [],
      });
      await alice.backend.addMember(channel, bob.identity);
      await bob.waitFor('channelAdded', (e) => e.channel.name === channel);
      return { alice, bob, channel };
    }

    const send = (from: ContractUser, channel: string, body: string) =>
      from.backend.sendMessage(channel, { clientId: unique('c'), body, file: null });

    const bodies = async (u: ContractUser, channel: string) =>
      (await u.backend.getMessages(channel, { pageSize: 100 })).messages.map((m) => m.body);

    it('reports who created a channel', async () => {
      const { alice, bob, channel } = await group();
      expect((await bob.backend.getChannel(channel))?.createdBy).toBe(alice.identity);
    });

    it('addMember: the added user sees the channel at once, the members see them join', async () => {
      const { alice, bob, channel } = await group();
      const carol = await user('carol');
      await bob.backend.addMember(channel, carol.identity);
      const added = await carol.waitFor('channelAdded', (e) => e.channel.name === channel);
      expect(added.channel.members).toContain(carol.identity);
      await alice.waitFor('memberJoined', (e) => e.channel === channel && e.identity === carol.identity);
    });

    it('removeMember: the creator removes a member, who loses the channel at once and cannot read it', async () => {
      const { alice, bob, channel } = await group();
      await send(alice, channel, 'secret');
      await alice.backend.removeMember(channel, bob.identity);
      await bob.waitFor('channelRemoved', (e) => e.name === channel);
      await alice.waitFor('memberLeft', (e) => e.channel === channel && e.identity === bob.identity);
      expect((await bob.backend.listChannels()).map((c) => c.name)).not.toContain(channel);
      expect(['not_member', 'channel_not_found', 'forbidden']).toContain(
        await codeOf(bob.backend.getMessages(channel, { pageSize: 10 })),
      );
    });

    it('removeMember is forbidden to anyone but the creator, and in private channels', async () => {
      const { alice, bob, channel } = await group();
      const carol = await user('carol');
      await alice.backend.addMember(channel, carol.identity);
      expect(await codeOf(bob.backend.removeMember(channel, carol.identity))).toBe('forbidden');
      const pair = [alice.identity, bob.identity].sort().join('#');
      await alice.backend.createChannel({
        name: pair,
        type: 'private',
        friendlyName: pair,
        description: '',
        members: [bob.identity],
      });
      expect(await codeOf(alice.backend.removeMember(pair, bob.identity))).toBe('forbidden');
      expect((await alice.backend.getChannel(channel))?.members).toContain(carol.identity);
    });

    it('updateChannel: a member renames the group and changes its description; every member sees it', async () => {
      const { alice, bob, channel } = await group();
      const updated = await bob.backend.updateChannel(channel, {
        friendlyName: 'Team',
        description: 'all of us',
      });
      expect(updated).toMatchObject({ name: channel, friendlyName: 'Team', description: 'all of us' });
      const seen = await alice.waitFor('channelUpdated', (e) => e.channel.name === channel);
      expect(seen.channel).toMatchObject({ friendlyName: 'Team', description: 'all of us' });
      expect(await codeOf(bob.backend.updateChannel(channel, {}))).toBe('invalid_argument');
    });

    it('editMessage: the author changes the text; everyone sees the new body and when', async () => {
      const { alice, bob, channel } = await group();
      const sent = await send(alice, channel, 'helo');
      const edited = await alice.backend.editMessage(channel, sent.index, 'hello');
      expect(edited).toMatchObject({ sid: sent.sid, index: sent.index, body: 'hello' });
      expect(edited.editedAt).toBeInstanceOf(Date);
      const seen = await bob.waitFor('messageUpdated', (e) => e.message.sid === sent.sid);
      expect(seen.message.body).toBe('hello');
      expect(await bodies(bob, channel)).toEqual(['hello']);
      expect(await codeOf(bob.backend.editMessage(channel, sent.index, 'mine now'))).toBe('forbidden');
      expect(await codeOf(alice.backend.editMessage(channel, sent.index, ''))).toBe('invalid_argument');
      expect(await bodies(bob, channel)).toEqual(['hello']);
    });

    it('deleteMessage: it disappears for everyone; unread counts follow; its index is never reused', async () => {
      const { alice, bob, channel } = await group();
      await send(alice, channel, 'one');
      const two = await send(alice, channel, 'two');
      await bob.waitFor('messageAdded', (e) => e.message.sid === two.sid);
      expect((await bob.backend.getChannel(channel))?.unreadCount).toBe(2);
      expect(await codeOf(bob.backend.deleteMessage(channel, two.index))).toBe('forbidden');
      await alice.backend.deleteMessage(channel, two.index);
      const removed = await bob.waitFor('messageRemoved', (e) => e.sid === two.sid);
      expect(removed).toMatchObject({ channel, index: two.index, author: alice.identity });
      expect(removed.lastMessage?.body).toBe('one');
      expect(await bodies(bob, channel)).toEqual(['one']);
      const listed = await bob.backend.getChannel(channel);
      expect([listed?.unreadCount, listed?.lastMessage?.body]).toEqual([1, 'one']);
      const three = await send(alice, channel, 'three');
      expect(three.index).toBeGreaterThan(two.index);
    });

    it('getChanges: applied to what a client held, it gives what the channel holds now', async () => {
      const { alice, bob, channel } = await group();
      for (const body of ['m0', 'm1', 'm2', 'm3']) await send(alice, channel, body);
      const held = (await bob.backend.getMessages(channel, { pageSize: 100 })).messages;
      const since = (await bob.backend.getChannel(channel))?.version ?? null;
      await alice.backend.editMessage(channel, held[1]!.index, 'm1 edited');
      await alice.backend.deleteMessage(channel, held[2]!.index);
      await send(alice, channel, 'm4');
      const from = held[0]!.index;
      const to = held.at(-1)!.index;
      const page = await bob.backend.getChanges(channel, { from, to, since });
      const now = (await bob.backend.getMessages(channel, { pageSize: 100 })).messages;
      expect(applied(held, page, from, to)).toEqual(
        now.filter((m) => m.index <= to).map((m) => [m.index, m.body]),
      );
    });

    it('getChanges without a version answers everything the range holds now, complete', async () => {
      const { alice, bob, channel } = await group();
      const sent: BackendMessage[] = [];
      for (let i = 0; i < 5; i++) sent.push(await send(alice, channel, `n${i}`));
      await alice.backend.deleteMessage(channel, sent[2]!.index);
      const page = await bob.backend.getChanges(channel, {
        from: sent[1]!.index,
        to: sent[3]!.index,
        since: null,
      });
      expect(page.complete).toBe(true);
      expect(
        page.messages
          .filter((m) => m.index >= sent[1]!.index && m.index <= sent[3]!.index)
          .map((m) => m.body),
      ).toEqual(['n1', 'n3']);
    });

    it('read receipts: each member horizon is listed, and a move reaches the other members', async () => {
      const { alice, bob, channel } = await group();
      const sent = await send(alice, channel, 'read me');
      await bob.waitFor('messageAdded', (e) => e.message.sid === sent.sid);
      await bob.backend.setReadHorizon(channel, sent.index);
      const receipt = await alice.waitFor(
        'memberHorizonChanged',
        (e) => e.channel === channel && e.identity === bob.identity,
      );
      expect(receipt.lastReadIndex).toBe(sent.index);
      expect((await alice.backend.getChannel(channel))?.lastReadIndexes?.[bob.identity]).toBe(sent.index);
    });

    it('a non-member sees a public group, but not its members, horizons or messages', async () => {
      if (!harness.publicGroups) return;
      const { alice, channel } = await group();
      await send(alice, channel, 'members only');
      const eve = await user('eve');
      const seen = await eve.backend.getChannel(channel);
      expect(seen).toMatchObject({ name: channel, members: [], lastMessage: null, unreadCount: null });
      expect(seen?.lastReadIndexes ?? {}).toEqual({});
    });
  });
}

/** `page` applied to the messages a client `held` in [from..to], as the store applies it: [index, body]. */
function applied(held: BackendMessage[], page: ChangesPage, from: number, to: number): [number, string][] {
  const inRange = (m: BackendMessage) => m.index >= from && m.index <= to;
  const byIndex = new Map<number, string>();
  for (const m of held) if (!page.complete && !page.deleted.includes(m.index)) byIndex.set(m.index, m.body);
  for (const m of page.messages) if (inRange(m)) byIndex.set(m.index, m.body);
  return [...byIndex].sort((a, b) => a[0] - b[0]);
}

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BackendMessage, ChatBackend } from '../../../core/backend.js';
import { ChatError, type ChatErrorCode } from '../../../core/errors.js';
import { type ContractHarness, ContractUser } from './ContractUser.js';

/**
 * The behaviours every ChatBackend must have, run against each implementation: the local backend
 * on the real local server, and both Twilio backends on SDK fakes. The store relies on exactly
 * these; a backend that passes is interchangeable through one prop.
 */
export function describeBackendContract(name: string, setup: () => Promise<ContractHarness>): void {
  describe(`${name}: backend contract`, () => {
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

    /** A fresh identity per test, so tests sharing a service never see each other's channels. */
    const unique = (base: string) => {
      counter += 1;
      return `${base}${counter}`;
    };

    async function user(base: string): Promise<ContractUser> {
      const identity = unique(base);
      const backend = harness.makeBackend();
      open.push(backend);
      const u = new ContractUser(backend, identity);
      const result = await backend.connect(await harness.mintToken(identity), u.emit);
      expect(result.identity).toBe(identity);
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

    async function group(owner: ContractUser, channel: string) {
      return owner.backend.createChannel({
        name: channel,
        type: 'group',
        friendlyName: channel,
        description: 'd',
        members: [],
      });
    }

    async function pair() {
      const alice = await user('alice');
      const bob = await user('bob');
      const channel = [alice.identity, bob.identity].sort().join('#');
      await alice.backend.createChannel({
        name: channel,
        type: 'private',
        friendlyName: channel,
        description: '',
        members: [bob.identity],
      });
      await bob.waitFor('channelAdded', (e) => e.channel.name === channel);
      return { alice, bob, channel };
    }

    async function send(from: ContractUser, channel: string, body: string, clientId = unique('c')) {
      return from.backend.sendMessage(channel, { clientId, body, file: null });
    }

    it('rejects every call before connect with not_connected; typing does nothing', async () => {
      const backend = harness.makeBackend();
      open.push(backend);
      expect(await codeOf(backend.listChannels())).toBe('not_connected');
      expect(await codeOf(backend.getChannel('x'))).toBe('not_connected');
      expect(await codeOf(backend.sendMessage('x', { clientId: 'c', body: 'hi', file: null }))).toBe(
        'not_connected',
      );
      expect(await codeOf(backend.getMessages('x', { pageSize: 10 }))).toBe('not_connected');
      expect(() => backend.typing('x')).not.toThrow();
    });

    it('creates a group channel that lists with its creator as member and a numeric unread count', async () => {
      const alice = await user('alice');
      const name = unique('general');
      const created = await group(alice, name);
      expect(created).toMatchObject({
        name,
        type: 'group',
        friendlyName: name,
        description: 'd',
        members: [alice.identity],
      });
      const listed = (await alice.backend.listChannels()).find((c) => c.name === name);
      expect(listed?.members).toEqual([alice.identity]);
      expect(listed?.unreadCount).toBe(0);
      expect(await codeOf(group(alice, name))).toBe('channel_exists');
    });

    it('lets another user into a group (join, or addMember where groups are not public) and out again', async () => {
      const alice = await user('alice');
      const bob = await user('bob');
      const name = unique('room');
      await group(alice, name);
      await send(alice, name, 'before bob');
      if (harness.publicGroups) {
        // A non-member sees the group (what it may see of it: backendContract.manage.ts).
        expect(await bob.backend.getChannel(name)).toMatchObject({ name, type: 'group' });
        const joined = await bob.backend.joinChannel(name);
        expect(joined.members).toEqual([alice.identity, bob.identity].sort());
        // Joining sets the horizon to the newest message: nothing unread, and a number, not null.
        expect(joined.unreadCount).toBe(0);
      } else {
        expect(await bob.backend.getChannel(name)).toBeNull();
        expect(await codeOf(bob.backend.joinChannel(name))).toBe('channel_not_found');
        await alice.backend.addMember(name, bob.identity);
        await bob.waitFor('channelAdded', (e) => e.channel.name === name);
      }
      await alice.waitFor('memberJoined', (e) => e.channel === name && e.identity === bob.identity);
      await bob.backend.leaveChannel(name);
      await alice.waitFor('memberLeft', (e) => e.channel === name && e.identity === bob.identity);
      await bob.waitFor('channelRemoved', (e) => e.name === name);
      expect((await bob.backend.listChannels()).map((c) => c.name)).not.toContain(name);
    });

    it('addMember makes the channel appear for the added user at once', async () => {
      const alice = await user('alice');
      const carol = await user('carol');
      const name = unique('team');
      await group(alice, name);
      await alice.backend.addMember(name, carol.identity);
      const added = await carol.waitFor('channelAdded', (e) => e.channel.name === name);
      expect(added.channel.members).toEqual([alice.identity, carol.identity].sort());
      expect((await carol.backend.listChannels()).map((c) => c.name)).toContain(name);
      expect(await codeOf(alice.backend.addMember(name, 'bad#identity'))).toBe('invalid_argument');
    });

    it('private channels: the peer sees it at once; creating it again is channel_exists and getChannel finds it', async () => {
      const { alice, bob, channel } = await pair();
      const seen = await bob.waitFor('channelAdded', (e) => e.channel.name === channel);
      expect(seen.channel).toMatchObject({ type: 'private', members: [alice.identity, bob.identity].sort() });
      expect(
        await codeOf(
          bob.backend.createChannel({
            name: channel,
            type: 'private',
            friendlyName: '',
            description: '',
            members: [alice.identity],
          }),
        ),
      ).toBe('channel_exists');
      const found = await bob.backend.getChannel(channel);
      expect(found).toMatchObject({ name: channel, type: 'private' });
      const outsider = await user('eve');
      expect(await outsider.backend.getChannel(channel)).toBeNull();
      const wrongName = `${alice.identity}#${outsider.identity}x`;
      expect(
        await codeOf(
          alice.backend.createChannel({
            name: wrongName,
            type: 'private',
            friendlyName: '',
            description: '',
            members: [outsider.identity],
          }),
        ),
      ).toBe('invalid_argument');
    });

    it('delivers messages both ways, with author, body and clientId', async () => {
      const { alice, bob, channel } = await pair();
      const sent = await alice.backend.sendMessage(channel, {
        clientId: 'hello-1',
        body: 'hi bob',
        file: null,
      });
      expect(sent).toMatchObject({
        channel,
        author: alice.identity,
        body: 'hi bob',
        clientId: 'hello-1',
        media: null,
      });
      const received = await bob.waitFor('messageAdded', (e) => e.message.sid === sent.sid);
      expect(received.message).toMatchObject({ body: 'hi bob', author: alice.identity, index: sent.index });
      const reply = await send(bob, channel, 'hi alice');
      await alice.waitFor('messageAdded', (e) => e.message.sid === reply.sid);
    });

    it('stores a message once when it is resent with the same clientId', async () => {
      const { alice, channel } = await pair();
      const first = await alice.backend.sendMessage(channel, {
        clientId: 'once',
        body: 'only once',
        file: null,
      });
      const again = await alice.backend.sendMessage(channel, {
        clientId: 'once',
        body: 'only once',
        file: null,
      });
      expect(again.sid).toBe(first.sid);
      const page = await alice.backend.getMessages(channel, { pageSize: 10 });
      expect(page.messages.filter((m) => m.clientId === 'once')).toHaveLength(1);
    });

    it('pages history oldest first with hasOlder, and resyncs with getMessagesAfter', async () => {
      const { alice, channel } = await pair();
      const sent: BackendMessage[] = [];
      for (const body of ['m1', 'm2', 'm3', 'm4', 'm5']) sent.push(await send(alice, channel, body));
      const newest = await alice.backend.getMessages(channel, { pageSize: 2 });
      expect(newest.messages.map((m) => m.body)).toEqual(['m4', 'm5']);
      expect(newest.hasOlder).toBe(true);
      const anchor = (newest.messages[0]?.index ?? 0) - 1;
      const older = await alice.backend.getMessages(channel, { pageSize: 2, anchor });
      expect(older.messages.map((m) => m.body)).toEqual(['m2', 'm3']);
      const oldest = await alice.backend.getMessages(channel, {
        pageSize: 2,
        anchor: (older.messages[0]?.index ?? 0) - 1,
      });
      expect(oldest.messages.map((m) => m.body)).toEqual(['m1']);
      expect(oldest.hasOlder).toBe(false);
      const after = await alice.backend.getMessagesAfter(channel, sent[1]?.index ?? 0);
      expect(after.map((m) => m.body)).toEqual(['m3', 'm4', 'm5']);
      expect(await codeOf(alice.backend.getMessages(channel, { pageSize: 0 }))).toBe('invalid_argument');
    });

    it('counts unread messages after the read horizon, and the author has read their own', async () => {
      const { alice, bob, channel } = await pair();
      const sent: BackendMessage[] = [];
      for (const body of ['a', 'b', 'c']) sent.push(await send(alice, channel, body));
      const last = sent.at(-1);
      await bob.waitFor('messageAdded', (e) => e.message.sid === last?.sid);
      expect((await bob.backend.getChannel(channel))?.unreadCount).toBe(3);
      expect((await alice.backend.getChannel(channel))?.unreadCount).toBe(0);
      const horizon = sent[1]?.index ?? 0;
      expect(await bob.backend.setReadHorizon(channel, horizon)).toEqual({ unreadCount: 1 });
      expect(await bob.backend.getChannel(channel)).toMatchObject({ lastReadIndex: horizon, unreadCount: 1 });
      await bob.waitFor('readHorizonChanged', (e) => e.channel === channel && e.lastReadIndex === horizon);
    });

    it('signals typing to the other members', async () => {
      const { alice, bob, channel } = await pair();
      alice.backend.typing(channel);
      await bob.waitFor('typingStarted', (e) => e.channel === channel && e.identity === alice.identity);
    });

    it('sends a file whose url() serves its bytes', async () => {
      const { alice, bob, channel } = await pair();
      const data = new Blob(['hello file'], { type: 'text/plain' });
      const sent = await alice.backend.sendMessage(channel, {
        clientId: unique('file'),
        body: 'see attached',
        file: { data, filename: 'note.txt', contentType: 'text/plain' },
      });
      expect(sent.media).toMatchObject({ filename: 'note.txt', contentType: 'text/plain', size: 10 });
      const received = await bob.waitFor('messageAdded', (e) => e.message.sid === sent.sid);
      expect(received.message.body).toBe('see attached');
      const url = await received.message.media?.url();
      expect(await (await fetch(url ?? '')).text()).toBe('hello file');
    });

    it('stops events at shutdown, then refuses calls, and connects again as another user', async () => {
      const { alice, bob, channel } = await pair();
      await bob.backend.shutdown();
      const seen = bob.events.length;
      const sent = await send(alice, channel, 'after bob left');
      await alice.waitFor('messageAdded', (e) => e.message.sid === sent.sid);
      expect(await codeOf(bob.backend.listChannels())).toBe('not_connected');
      expect(bob.events.length).toBe(seen);
      const carol = unique('carol');
      const again = await bob.backend.connect(await harness.mintToken(carol), bob.emit);
      expect(again.identity).toBe(carol);
    });
  });
}

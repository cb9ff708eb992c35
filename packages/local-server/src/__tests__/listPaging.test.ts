import type { WireChannel } from '@chat/protocol';
import { describe, expect, test } from 'vitest';
import { PAGE_BUDGET_BYTES } from '../handlers/channelQueries.js';
import { startServer, TestClient } from './helpers.js';

type Page = { channels: WireChannel[]; next: string | null };

/** Walks every page of `op`, recording the raw size of each answer frame. */
async function walk(client: TestClient, op: string, limit?: number) {
  const frames: number[] = [];
  const record = (data: Buffer) => frames.push(data.length);
  client.ws.on('message', record);
  const pages: Page[] = [];
  let after: string | undefined;
  do {
    const page = await client.call<Page>(op, { ...(after === undefined ? {} : { after }), limit });
    pages.push(page);
    after = page.next ?? undefined;
  } while (after !== undefined && pages.length < 1000);
  client.ws.off('message', record);
  return { pages, frames, names: pages.flatMap((page) => page.channels.map((channel) => channel.name)) };
}

const pad = (i: number) => String(i).padStart(4, '0');

describe('channel listings in pages', () => {
  test('a user put in many heavy groups still gets every channel, in frames no bigger than the page budget', async () => {
    // The attack of issue 12 at a small scale: another user fills the victim's list with groups
    // of the largest description, attributes and last message the protocol accepts.
    const server = await startServer({ quotas: false, rateLimit: false });
    const mallory = await TestClient.open(server, 'mallory');
    const heavy = 24;
    for (let i = 0; i < heavy; i++) {
      const name = `heavy-${pad(i)}`;
      await mallory.call('createChannel', {
        name,
        type: 'group',
        description: 'd'.repeat(4096),
        attributes: { pad: 'a'.repeat(16_000) },
        members: ['victim'],
      });
      await mallory.call('sendMessage', { channel: name, clientId: `c${i}`, body: 'm'.repeat(32 * 1024) });
    }
    const victim = await TestClient.open(server, 'victim');
    const { pages, frames, names } = await walk(victim, 'listChannels');
    expect(names).toEqual(Array.from({ length: heavy }, (_, i) => `heavy-${pad(i)}`));
    expect(pages.length).toBeGreaterThan(1);
    // The envelope ({"id":…,"ok":true,"result":{…,"next":"…"}}) is all a frame adds to the page.
    for (const bytes of frames) expect(bytes).toBeLessThanOrEqual(PAGE_BUDGET_BYTES + 256);
    expect(pages.every((page) => page.channels.every((c) => c.lastMessage?.body.length === 32 * 1024))).toBe(
      true,
    );
    const publicWalk = await walk(victim, 'listPublicChannels');
    expect(publicWalk.names).toEqual(names);
    for (const bytes of publicWalk.frames) expect(bytes).toBeLessThanOrEqual(PAGE_BUDGET_BYTES + 256);
  });

  test('listChannels walks every channel once, in name order, 100 a page unless a limit says otherwise', async () => {
    const server = await startServer({ quotas: false, rateLimit: false });
    const alice = await TestClient.open(server, 'alice');
    const expected: string[] = [];
    for (let i = 0; i < 230; i++) {
      const name = `room-${pad(229 - i)}`; // created in reverse: the order is the names', not creation's
      await alice.call('createChannel', { name, type: 'group' });
      expected.unshift(name);
    }
    await alice.call('sendMessage', { channel: 'room-0150', clientId: 'x', body: 'hello' });

    const first = await alice.call<Page>('listChannels');
    expect(first.channels).toHaveLength(100);
    expect(first.next).toBe('room-0099');
    const byDefault = await walk(alice, 'listChannels');
    expect(byDefault.pages.map((page) => page.channels.length)).toEqual([100, 100, 30]);
    expect(byDefault.names).toEqual(expected);
    expect(byDefault.pages.at(-1)?.next).toBeNull();
    // The last message, horizon and unread count are those of each channel, on every page.
    const room150 = byDefault.pages[1]?.channels.find((c) => c.name === 'room-0150');
    expect(room150).toMatchObject({ lastMessage: { body: 'hello' }, lastReadIndex: 0, unreadCount: 0 });

    const small = await walk(alice, 'listChannels', 7);
    expect(small.names).toEqual(expected);
    expect(small.pages).toHaveLength(Math.ceil(230 / 7));
    const all = await alice.call<Page>('listChannels', { limit: 200, after: 'room-0029' });
    expect(all.channels.map((c) => c.name)).toEqual(expected.slice(30, 230));
    expect(all.next).toBeNull();
    expect(await alice.call<Page>('listChannels', { after: 'zzz' })).toEqual({ channels: [], next: null });
  });

  test('listPublicChannels pages over group channels only, whoever made them', async () => {
    const server = await startServer({ quotas: false, rateLimit: false });
    const alice = await TestClient.open(server, 'alice');
    const bob = await TestClient.open(server, 'bob');
    // Private names sort among the groups' ("alice#…" between "a…" and "b…").
    for (const peer of ['bob', 'carol', 'dave']) {
      await alice.call('createChannel', { name: `alice#${peer}`, type: 'private', members: [peer] });
    }
    const groups = ['a1', 'a2', 'alpha', 'b1', 'beta', 'zeta'];
    for (const name of groups) await alice.call('createChannel', { name, type: 'group' });
    await bob.call('joinChannel', { name: 'beta' });
    const { pages, names } = await walk(bob, 'listPublicChannels', 2);
    expect(names).toEqual(groups);
    // A page that ends the list says so: no empty page to fetch after it.
    expect(pages.map((page) => page.next)).toEqual(['a2', 'b1', null]);
    const seen = pages.flatMap((page) => page.channels);
    expect(seen.find((c) => c.name === 'beta')).toMatchObject({ lastReadIndex: -1, unreadCount: 0 });
    expect(seen.find((c) => c.name === 'alpha')).toMatchObject({ lastReadIndex: null, unreadCount: null });
  });

  test('refuses a bad cursor or limit, naming the field', async () => {
    const server = await startServer();
    const alice = await TestClient.open(server, 'alice');
    for (const op of ['listChannels', 'listPublicChannels']) {
      for (const params of [{ limit: 0 }, { limit: 201 }, { limit: 1.5 }, { after: 7 }]) {
        const reply = await alice.request(op, params);
        expect(reply.error?.code).toBe('invalid_argument');
        expect(reply.error?.message).toContain(Object.keys(params)[0]);
      }
    }
  });
});

// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { MAX_BODY_BYTES } from '../validate.js';
import { codeOf, connected, startServer, until } from './harness.js';

async function pair(
  serverOptions: Parameters<typeof startServer>[0] = {},
  aliceBackend: { requestTimeoutMs?: number } = {},
) {
  const server = await startServer(serverOptions);
  const ops: string[] = [];
  const alice = await connected(server.url, 'alice', { ops, backend: aliceBackend });
  const bob = await connected(server.url, 'bob');
  await alice.getState().createGroupChannel('general');
  await bob.getState().joinChannel('general');
  alice.getState().setCurrentChannel('general');
  await until(alice, (s) => s.channels.general?.members.length === 2);
  return { server, alice, bob, ops };
}

describe('createChatStore: messages', () => {
  it('shows a message at once as pending, then sent with the same id, never twice', async () => {
    const { alice, bob } = await pair();
    const sending = alice.getState().sendMessage('general', 'hello');
    const pending = alice.getState().messages.at(-1);
    expect(pending).toMatchObject({
      body: 'hello',
      status: 'pending',
      sid: null,
      index: null,
      author: 'alice',
    });
    const sent = await sending;
    expect(sent).toMatchObject({ id: pending?.id, status: 'sent', index: 0, body: 'hello', error: null });
    expect(sent.sid).toEqual(expect.any(String));
    await until(bob, (s) => s.messages.length === 1);
    // The echo (messageAdded with the same client id) has arrived too: still one message.
    await alice.getState().sendMessage('general', 'second');
    await until(bob, (s) => s.messages.length === 2);
    expect(alice.getState().messages.map((m) => [m.id, m.body, m.status])).toEqual([
      [pending?.id, 'hello', 'sent'],
      [expect.any(String), 'second', 'sent'],
    ]);
    expect(bob.getState().messages[0]?.id).toBe(pending?.id);
  });

  it('keeps order by index with pending ones last, in send order', async () => {
    const { alice, bob } = await pair();
    const sends = ['a', 'b', 'c', 'd'].map((text) => alice.getState().sendMessage('general', text));
    expect(alice.getState().messages.map((m) => m.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    await Promise.all(sends);
    const state = await until(bob, (s) => s.messages.length === 4);
    expect(state.messages.map((m) => `${m.index}${m.body}`)).toEqual(['0a', '1b', '2c', '3d']);
  });

  it('sends a file from a FormData; the peer can download it', async () => {
    const { alice, bob } = await pair();
    const form = new FormData();
    form.set('file', new Blob(['hello file'], { type: 'text/plain' }), 'note.txt');
    form.set('message', 'see attached');
    const sent = await alice.getState().sendMessage('general', form);
    expect(sent).toMatchObject({ status: 'sent', body: 'see attached' });
    const state = await until(bob, (s) => s.messages.length === 1);
    const media = state.messages[0]?.media;
    expect(media).toMatchObject({ filename: 'note.txt', contentType: 'text/plain', size: 10 });
    const response = await fetch(await (media as NonNullable<typeof media>).url());
    expect(await response.text()).toBe('hello file');
  });

  it('refuses bad messages before anything is sent or shown', async () => {
    const { alice, ops } = await pair();
    const before = ops.length;
    const chat = alice.getState();
    const noFile = new FormData();
    noFile.set('body', 'text');
    expect(await codeOf(chat.sendMessage('general', ''))).toBe('invalid_argument');
    expect(await codeOf(chat.sendMessage('general', 'x'.repeat(MAX_BODY_BYTES + 1)))).toBe(
      'invalid_argument',
    );
    expect(await codeOf(chat.sendMessage('general', noFile))).toBe('invalid_argument');
    expect(await codeOf(chat.sendMessage('nowhere', 'hi'))).toBe('channel_not_found');
    expect(await codeOf(chat.getMessages('general', 0))).toBe('invalid_argument');
    expect(await codeOf(chat.getMessage('nowhere'))).toBe('channel_not_found');
    expect(await codeOf(chat.retryMessage('no-such-id'))).toBe('invalid_argument');
    expect(ops.length).toBe(before);
    expect(alice.getState().messages).toEqual([]);
  });

  it('pages history without duplicates and tracks hasOlderMessages', async () => {
    const { server, alice } = await pair();
    for (let i = 0; i < 7; i++) await alice.getState().sendMessage('general', `m${i}`);
    const tab = await connected(server.url, 'bob'); // a new tab: nothing loaded yet
    const chat = tab.getState();
    expect(chat.channels.general?.hasOlderMessages).toBe(true);
    const newest = await chat.getMessages('general', 3);
    expect(newest.map((m) => m.index)).toEqual([4, 5, 6]);
    expect(tab.getState().channels.general?.hasOlderMessages).toBe(true);
    expect((await chat.getMessage('general', 3, 3)).map((m) => m.index)).toEqual([1, 2, 3]);
    expect(tab.getState().channels.general?.hasOlderMessages).toBe(true);
    expect((await chat.getMessages('general', 3, 0)).map((m) => m.index)).toEqual([0]);
    expect(tab.getState().channels.general?.hasOlderMessages).toBe(false);
    await chat.getMessages('general', 5); // overlaps what is loaded
    chat.setCurrentChannel('general');
    expect(tab.getState().messages.map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  it('marks a message failed with a ChatError, and retryMessage sends it once with the same id', async () => {
    // A send budget that refills one send every 2 s, longer than alice's 1 s request timeout: a
    // refused send cannot wait out the limit, so the refusal is its error (not a network one: no
    // automatic retry). A shorter wait would be waited out (local.rateLimit.test.ts).
    const { alice, bob } = await pair(
      { rateLimit: { perIdentity: { sends: { burst: 3, perSecond: 0.5 } } } },
      { requestTimeoutMs: 1000 },
    );
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => alice.getState().sendMessage('general', `burst ${i}`)),
    );
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    expect(rejected?.reason).toMatchObject({ name: 'ChatError', code: 'backend' });
    const failed = alice.getState().messages.find((m) => m.status === 'failed');
    expect(failed?.error).toBe(rejected?.reason);
    const id = failed?.id as string;

    // Retry until the bucket has refilled; every try carries the same client id.
    const sent = await vi.waitFor(() => alice.getState().retryMessage(id), {
      timeout: 10_000,
      interval: 500,
    });
    expect(sent).toMatchObject({ id, status: 'sent', body: failed?.body });
    const sentCount = results.filter((r) => r.status === 'fulfilled').length + 1;
    const state = await until(bob, (s) => s.messages.length === sentCount);
    expect(state.messages.filter((m) => m.body === failed?.body)).toHaveLength(1);
    // A sent message's retry just returns it.
    expect(await alice.getState().retryMessage(id)).toMatchObject({ id, status: 'sent' });
  });
});

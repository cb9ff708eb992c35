// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { trackLeftovers } from '../../backends/local/__tests__/trackLeftovers.js';
import { codeOf, connected, onCleanup, startServer, storeFor, tokenFor, until } from './harness.js';

describe('createChatStore: connecting', () => {
  it('refuses every method before connect with not_connected, and sends nothing', async () => {
    const server = await startServer();
    const ops: string[] = [];
    const chat = storeFor(server.url, { ops }).getState();
    for (const call of [
      () => chat.createGroupChannel('general'),
      () => chat.createPrivateChannel('bob'),
      () => chat.createPrivatChannel('bob'),
      () => chat.joinChannel('general'),
      () => chat.leaveChannel('general'),
      () => chat.getMessages('general'),
      () => chat.getMessage('general'),
      () => chat.sendMessage('general', 'hi'),
      () => chat.retryMessage('some-id'),
      () => chat.markRead('general'),
    ]) {
      expect(await codeOf(call())).toBe('not_connected');
    }
    expect(() => chat.setCurrentChannel('general')).toThrow(
      expect.objectContaining({ code: 'not_connected' }),
    );
    expect(() => chat.setTyping('general')).toThrow(/connect\(getToken, user\)/);
    expect(ops).toEqual([]);
  });

  it('refuses a bad identity before calling getToken', async () => {
    const server = await startServer();
    const ops: string[] = [];
    const store = storeFor(server.url, { ops });
    const getToken = vi.fn(async () => tokenFor('x'));
    for (const user of ['', 'a#b', 'x'.repeat(129), 'tab\there']) {
      expect(await codeOf(store.getState().connect(getToken, user))).toBe('invalid_argument');
    }
    expect(getToken).not.toHaveBeenCalled();
    expect(ops).toEqual([]);
    expect(store.getState().connectionState).toBe('disconnected');
  });

  it('connects once for the same user, and uses the latest getToken', async () => {
    // An hour-long token is "about to expire" 1–2 s after hello.
    const server = await startServer({ tokenRefreshMarginMs: 3_598_000 });
    const ops: string[] = [];
    const store = storeFor(server.url, { ops });
    const first = vi.fn(async () => tokenFor('alice'));
    const latest = vi.fn(async () => tokenFor('alice', 86_400)); // a day: no further refresh
    await Promise.all([store.getState().connect(first, 'alice'), store.getState().connect(first, 'alice')]);
    await store.getState().connect(latest, 'alice');
    expect(store.getState()).toMatchObject({ user: 'alice', connectionState: 'connected', error: null });
    expect(ops.filter((op) => op === 'hello')).toHaveLength(1);
    expect(first).toHaveBeenCalledTimes(1);
    // The refresh uses the function given last, exactly once.
    await vi.waitFor(() => expect(ops).toContain('updateToken'), { timeout: 10_000 });
    expect(latest).toHaveBeenCalledTimes(1);
    expect(first).toHaveBeenCalledTimes(1);
    expect(ops.filter((op) => op === 'updateToken')).toHaveLength(1);
    expect(store.getState().connectionState).toBe('connected');
  });

  it('refreshes a token that is about to expire as soon as the connection is up', async () => {
    const server = await startServer(); // default margin: 60 s
    const ops: string[] = [];
    const store = storeFor(server.url, { ops });
    const lifetimes = [30, 3600]; // the first token is already within the margin at hello
    const getToken = vi.fn(async () => tokenFor('alice', lifetimes.shift()));
    await store.getState().connect(getToken, 'alice');
    await vi.waitFor(() => expect(ops).toContain('updateToken'), { timeout: 10_000 });
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(ops.filter((op) => op === 'updateToken')).toHaveLength(1);
  });

  it('a disconnect followed at once by a connect for the same user keeps the one connection (StrictMode)', async () => {
    const server = await startServer();
    const ops: string[] = [];
    const store = storeFor(server.url, { ops });
    const getToken = async () => tokenFor('alice');
    await store.getState().connect(getToken, 'alice');
    void store.getState().disconnect();
    await store.getState().connect(getToken, 'alice');
    await store.getState().createGroupChannel('still-here');
    expect(ops.filter((op) => op === 'hello')).toHaveLength(1);
    expect(store.getState().connectionState).toBe('connected');
  });

  it('switches users: the first connection is shut down and its state cleared', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    await alice.getState().createGroupChannel('alices-room');
    await alice.getState().connect(async () => tokenFor('bob'), 'bob');
    const state = alice.getState();
    expect(state.user).toBe('bob');
    expect(state.channels).toEqual({});
    // Bob's session works; alice's room is not his.
    await state.createGroupChannel('bobs-room');
    expect(Object.keys(alice.getState().channels)).toEqual(['bobs-room']);
  });

  it('refuses a token minted for another identity', async () => {
    const server = await startServer();
    const store = storeFor(server.url);
    const error = await store
      .getState()
      .connect(async () => tokenFor('mallory'), 'alice')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ChatError', code: 'token_invalid' });
    expect((error as Error).message).toMatch(/"mallory".*"alice"/);
    expect(store.getState()).toMatchObject({ connectionState: 'denied', error });
  });

  it('retries a failing or hanging getToken with backoff, then connects', async () => {
    const server = await startServer();
    const store = storeFor(server.url, { store: { retry: { baseDelayMs: 5, timeoutMs: 200 } } });
    let calls = 0;
    const getToken = vi.fn(() => {
      calls++;
      if (calls === 1) return Promise.reject(new Error('token endpoint down'));
      if (calls === 2) return new Promise<string>(() => {}); // hangs: the time limit ends it
      return Promise.resolve(tokenFor('alice'));
    });
    await store.getState().connect(getToken, 'alice');
    expect(getToken).toHaveBeenCalledTimes(3);
    expect(store.getState().connectionState).toBe('connected');
  });

  it('gives up after the bounded attempts with a ChatError in state', async () => {
    const server = await startServer();
    const store = storeFor(server.url, { store: { retry: { attempts: 3, baseDelayMs: 5 } } });
    const getToken = vi.fn(async (): Promise<string> => {
      throw new Error('token endpoint down');
    });
    expect(await codeOf(store.getState().connect(getToken, 'alice'))).toBe('network');
    expect(getToken).toHaveBeenCalledTimes(3);
    expect(store.getState().connectionState).toBe('error');
    expect(store.getState().error?.message).toMatch(/getToken\(\) failed 3 times.*token endpoint down/);
  });

  it('surfaces token_expired only when the token expired and no new one can be had', async () => {
    const server = await startServer({ tokenRefreshMarginMs: 1000 });
    const store = storeFor(server.url, { store: { retry: { attempts: 2, baseDelayMs: 5 } } });
    let calls = 0;
    const getToken = async (): Promise<string> => {
      calls++;
      if (calls === 1) return tokenFor('alice', 2); // expires in 2 s
      throw new Error('token endpoint down');
    };
    await store.getState().connect(getToken, 'alice');
    const state = await until(store, (s) => s.error !== null);
    expect(state.connectionState).toBe('error');
    expect(state.error?.code).toBe('token_expired');
  });

  it('disconnect() clears the user state, and the store can connect again', async () => {
    const server = await startServer();
    const store = await connected(server.url, 'alice');
    await store.getState().createGroupChannel('general');
    await store.getState().disconnect();
    expect(store.getState()).toMatchObject({
      user: null,
      connectionState: 'disconnected',
      channels: {},
      totalUnread: 0,
      currentChannel: null,
    });
    await store.getState().connect(async () => tokenFor('alice'), 'alice');
    expect(Object.keys(store.getState().channels)).toEqual(['general']);
  });

  it('disconnect() leaves no timer or socket behind', async () => {
    const leftovers = trackLeftovers();
    onCleanup(leftovers.restore);
    const baseline = await leftovers.settled(); // before the server: its sockets and timers end with close()
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const bob = await connected(server.url, 'bob');
    await alice.getState().createGroupChannel('general');
    await bob.getState().joinChannel('general');
    alice.getState().setCurrentChannel('general');
    await bob.getState().sendMessage('general', 'hi'); // schedules alice's read-horizon move
    bob.getState().setTyping('general');
    expect((await leftovers.settled()).timers).toBeGreaterThan(0);
    await Promise.all([alice.getState().disconnect(), bob.getState().disconnect()]);
    // A client that kept a socket or a reconnect timer would still hold resources after this.
    await server.close();
    expect(await leftovers.settled()).toEqual(baseline);
  });
});

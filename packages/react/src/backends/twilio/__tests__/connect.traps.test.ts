// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatBackend } from '../../../core/backend.js';
import { ChatError } from '../../../core/errors.js';
import { twilioConversations } from '../../twilioConversations.js';
import { FakeClientBase } from './fakes/FakeClientBase.js';
import { FakeConversationsClient, fakeConversationsClient } from './fakes/FakeConversationsClient.js';
import { FakeService } from './fakes/FakeService.js';
import { connectFake, eventsOf, flavors, settle } from './flavors.js';

const open: ChatBackend[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((backend) => backend.shutdown()));
});

async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChatError);
  return error as ChatError;
}

describe.each(flavors)('$name: connecting', (flavor) => {
  it('constructs the client with new Client(token), never the deprecated create()', async () => {
    const service = new FakeService(flavor.codes);
    const before = FakeConversationsClient.createCalls;
    const { user, client } = await connectFake(flavor, service, 'alice');
    open.push(user.backend);
    expect(client).toBeInstanceOf(flavor.ClientClass);
    expect(client.token).toBe(service.mintToken('alice'));
    expect(FakeConversationsClient.createCalls).toBe(before);
  });

  it('rejects connect with token_invalid when initialisation fails, and shuts that client down', async () => {
    const service = new FakeService(flavor.codes);
    const backend = flavor.backend(service);
    open.push(backend);
    const error = await rejection(backend.connect('garbage', () => {}));
    expect(error.code).toBe('token_invalid');
    expect(error.message).toMatch(/token/);
  });

  it('rejects connect with token_expired for an expired token', async () => {
    const service = new FakeService(flavor.codes);
    const backend = flavor.backend(service);
    open.push(backend);
    const error = await rejection(backend.connect(service.mintToken('a', { expired: true }), () => {}));
    expect(error.code).toBe('token_expired');
  });

  it('answers calls made while the SDK initialises with not_connected, never reaching the SDK', async () => {
    const service = new FakeService(flavor.codes);
    const backend = flavor.backend(service);
    open.push(backend);
    const connecting = backend.connect(service.mintToken('alice'), () => {});
    const early = await rejection(backend.listChannels());
    expect(early.code).toBe('not_connected');
    await connecting;
    expect(await backend.listChannels()).toEqual([]);
  });

  it('rejects with network when Twilio never finishes initialising, and shutdown does not hang on it', async () => {
    vi.useFakeTimers();
    const service = new FakeService(flavor.codes);
    const backend = flavor.backend(service, { connectTimeoutMs: 5000 });
    const connecting = rejection(backend.connect(service.mintToken('alice', { hang: true }), () => {}));
    await vi.advanceTimersByTimeAsync(5000);
    expect((await connecting).code).toBe('network');
    await backend.shutdown();
  });

  it('rejects a pending connect with not_connected when shut down meanwhile', async () => {
    const service = new FakeService(flavor.codes);
    const backend = flavor.backend(service);
    const connecting = rejection(backend.connect(service.mintToken('alice', { hang: true }), () => {}));
    await settle();
    await backend.shutdown();
    expect((await connecting).code).toBe('not_connected');
  });

  it('maps connection states, with an error for denied and error', async () => {
    const service = new FakeService(flavor.codes);
    const { user, client } = await connectFake(flavor, service, 'alice');
    open.push(user.backend);
    for (const state of [
      'disconnected',
      'connecting',
      'connected',
      'retrying',
      'error',
      'denied',
      'unknown',
    ]) {
      client.setConnectionState(state);
    }
    const states = eventsOf(user, 'connectionStateChanged');
    expect(states.map((e) => e.state)).toEqual([
      'reconnecting',
      'connecting',
      'connected',
      'reconnecting',
      'error',
      'denied',
    ]);
    expect(states[4]?.error?.code).toBe('network');
    expect(states[5]?.error?.code).toBe('token_invalid');
  });

  it('emits tokenAboutToExpire and tokenExpired, and updateToken reaches client.updateToken', async () => {
    const service = new FakeService(flavor.codes);
    const { user, client } = await connectFake(flavor, service, 'alice');
    open.push(user.backend);
    client.fire('tokenAboutToExpire', 60);
    client.fire('tokenExpired');
    expect(user.events.map((e) => e.type)).toEqual(['tokenAboutToExpire', 'tokenExpired']);
    await user.backend.updateToken(service.mintToken('alice'));
    expect(client.tokens).toEqual([service.mintToken('alice')]);
  });

  it('never acts on a shut-down client: no events, calls rejected, nothing reaches the SDK', async () => {
    const service = new FakeService(flavor.codes);
    const { user, client } = await connectFake(flavor, service, 'alice');
    await user.backend.shutdown();
    expect(client.isShutdown).toBe(true);
    const seen = user.events.length;
    client.fire('tokenAboutToExpire');
    client.fire('connectionStateChanged', 'connected');
    expect(user.events.length).toBe(seen);
    expect((await rejection(user.backend.updateToken('fake:alice'))).code).toBe('not_connected');
    expect((await rejection(user.backend.getChannel('x'))).code).toBe('not_connected');
    user.backend.typing('x');
    await user.backend.shutdown();
    expect(client.callsAfterShutdown).toBe(0);
  });
});

describe('twilioConversations: readiness signals', () => {
  it('is ready on `initialized` alone and on `stateChanged("initialized")` alone', async () => {
    const service = new FakeService({ uniqueNameTaken: 50353, alreadyMember: 50433, notFound: 50350 });
    for (const only of ['initialized', 'stateChanged']) {
      class OneSignal extends FakeConversationsClient {
        constructor(token: string) {
          super(service, token);
        }
        override fire(event: string, ...args: unknown[]): void {
          const other = only === 'initialized' ? 'stateChanged' : 'initialized';
          if (event !== other) super.fire(event, ...args);
        }
      }
      const backend = twilioConversations({ Client: OneSignal });
      open.push(backend);
      expect(await backend.connect(service.mintToken('alice'), () => {})).toEqual({ identity: 'alice' });
    }
  });

  it('fails on `initFailed` alone, with a ChatError rather than the SDK error', async () => {
    const service = new FakeService({ uniqueNameTaken: 50353, alreadyMember: 50433, notFound: 50350 });
    class InitFailedOnly extends FakeConversationsClient {
      constructor(token: string) {
        super(service, token);
      }
      override fire(event: string, ...args: unknown[]): void {
        if (event !== 'stateChanged') super.fire(event, ...args);
      }
    }
    const backend = twilioConversations({ Client: InitFailedOnly });
    open.push(backend);
    expect((await rejection(backend.connect('nonsense', () => {}))).code).toBe('token_invalid');
  });

  it('turns a bare TypeError thrown inside the SDK into a backend ChatError', async () => {
    const service = new FakeService({ uniqueNameTaken: 50353, alreadyMember: 50433, notFound: 50350 });
    const Client = fakeConversationsClient(service);
    const backend = twilioConversations({ Client });
    open.push(backend);
    await backend.connect(service.mintToken('alice'), () => {});
    const client = FakeClientBase.instances.at(-1) as FakeConversationsClient;
    client.getSubscribedConversations = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'then')");
    };
    const error = await rejection(backend.listChannels());
    expect(error.code).toBe('backend');
    expect(error.message).toMatch(/Twilio SDK failed internally/);
  });
});

// @vitest-environment node
import { createAccessToken, devKeys } from '@chat/server';
import { describe, expect, it } from 'vitest';
import { createChatStore } from '../../../core/createChatStore.js';
import { ContractUser } from '../../__tests__/contract/ContractUser.js';
import {
  eventsOf,
  flavors,
  rejection,
  type SdkClient,
  settlesWithin,
  sharedEmulator,
  tokenFor,
  until,
} from './emulator.js';

// Connecting, tokens and connection states, on the real SDKs against the Twilio emulator; every
// fault comes from the server side (`server.twilio`).
const world = sharedEmulator();

describe.each(flavors)('$name on the real SDK: connecting', (flavor) => {
  it('rejects an expired token with token_expired (not token_invalid), so the store retries with a fresh one', async () => {
    const identity = world.unique('ann');
    const backend = world.backend(flavor);
    // twilsock reports `denied` first, then `tokenExpired`, then the reply's code (20104).
    const error = await rejection(backend.connect(tokenFor(identity, -60), () => {}));
    expect(error.code).toBe('token_expired');

    const tokens = [tokenFor(identity, -60), tokenFor(identity)];
    const store = createChatStore({ backend: world.backend(flavor) });
    await store.getState().connect(async () => tokens.shift() ?? tokenFor(identity), identity);
    expect(store.getState()).toMatchObject({ connectionState: 'connected', user: identity });
    expect(tokens).toEqual([]);
    await store.getState().disconnect();
  });

  it("rejects a token Twilio refuses with token_invalid, keeping Twilio's reason", async () => {
    const identity = world.unique('ann');
    const forged = createAccessToken({ ...devKeys, apiSecret: 'x'.repeat(32) }, identity, {
      ttlSeconds: 3600,
    });
    const error = await rejection(world.backend(flavor).connect(forged, () => {}));
    expect(error.code).toBe('token_invalid');
    // The emulator's reason, as twilsock's connectionError carries it after `denied` and `failed`.
    expect(error.message).toMatch(/signature does not match/);
    world.server.twilio!.refuseInit(20101);
    expect((await rejection(world.backend(flavor).connect(tokenFor(identity), () => {}))).code).toBe(
      'token_invalid',
    );
  });

  it('shuts down a client whose socket is accepted and never answered: the socket closes, no retry follows', async () => {
    const faults = world.server.twilio!;
    await until(() => faults.connectionCount === 0, 'the earlier sockets to close');
    faults.hangNewConnections(true);
    const clients: SdkClient[] = [];
    const backend = world.backend(flavor, clients, { connectTimeoutMs: 300 });
    const error = await rejection(backend.connect(tokenFor(world.unique('ann')), () => {}));
    expect(error.code).toBe('network');
    await backend.shutdown();
    // The SDK's own shutdown() waits for an initialisation that never comes: the socket stayed open.
    await until(() => faults.connectionCount === 0, 'the hung socket to close');
    // twilsock's final state: it does not retry from there (the SDK reports it a timer turn later).
    await until(() => clients[0]?.connectionState === 'disconnected', 'the client to disconnect');
    expect(clients).toHaveLength(1);
  });

  it('answers calls made while the SDK initialises with not_connected; a shutdown meanwhile ends connect', async () => {
    const faults = world.server.twilio!;
    faults.hangNewConnections(true);
    const clients: SdkClient[] = [];
    const backend = world.backend(flavor, clients);
    const connecting = rejection(backend.connect(tokenFor(world.unique('ann')), () => {}));
    await until(() => clients.length === 1, 'the SDK client');
    // The real SDK would wait for its initialisation; the backend never hands it a call before.
    expect((await rejection(backend.listChannels())).code).toBe('not_connected');
    expect((await rejection(backend.getChannel('room'))).code).toBe('not_connected');
    await backend.shutdown();
    expect((await connecting).code).toBe('not_connected');
    await until(() => clients[0]?.connectionState === 'disconnected', 'the client to disconnect');
  });

  it('resolves shutdown after a failed initialisation, as the real SDK does', async () => {
    world.server.twilio!.refuseInit(20101);
    const clients: SdkClient[] = [];
    const backend = world.backend(flavor, clients);
    await rejection(backend.connect(tokenFor(world.unique('ann')), () => {}));
    await backend.shutdown();
    await expect(clients[0]?.shutdown()).resolves.toBeUndefined();
  });

  it('reports a dropped connection as reconnecting, then connected (twilsock never reports `error`)', async () => {
    const user = await world.user(flavor, world.unique('ann'));
    world.server.twilio!.dropConnections();
    await user.waitFor('connectionStateChanged', (e) => e.state === 'connected');
    const states = eventsOf(user, 'connectionStateChanged').map((e) => e.state);
    expect(states.at(-1)).toBe('connected');
    expect(states.slice(0, -1).every((state) => state === 'connecting' || state === 'reconnecting')).toBe(
      true,
    );
  });

  it('hands a token over while offline without waiting for a reconnect, which then uses it', async () => {
    const identity = world.unique('ann');
    const clients: SdkClient[] = [];
    const user = await world.user(flavor, identity, clients);
    const faults = world.server.twilio!;
    faults.hangNewConnections(true);
    faults.dropConnections();
    await user.waitFor('connectionStateChanged', (e) => e.state !== 'connected');
    // The SDK's updateToken resolves only once a connection accepts the token.
    expect(await settlesWithin(user.backend.updateToken(tokenFor(identity, 7200)), 5000)).toBe('resolved');
    faults.hangNewConnections(false);
    faults.dropConnections();
    const from = user.events.length;
    await user.waitFor(
      'connectionStateChanged',
      (e) => e.state === 'connected' && user.events.indexOf(e) >= from,
    );
    expect(clients[0]?.connectionState).toBe('connected');
  });

  it('emits tokenAboutToExpire; a refused reconnect is denied with the reason, tokenExpired follows, a fresh token recovers', async () => {
    const identity = world.unique('ann');
    const user = await world.user(flavor, identity);
    const faults = world.server.twilio!;
    expect(faults.pushTokenAboutToExpire(identity)).toBe(1);
    await user.waitFor('tokenAboutToExpire');

    faults.refuseInit(20104);
    faults.dropConnections();
    const denied = await user.waitFor('connectionStateChanged', (e) => e.state === 'denied');
    expect(denied.error?.code).toBe('token_expired');
    await user.waitFor('tokenExpired');
    faults.reset();
    // Another lifetime, so that the token differs from the first (the SDKs ignore the same token).
    await user.backend.updateToken(tokenFor(identity, 7200));
    const from = user.events.indexOf(denied);
    await user.waitFor(
      'connectionStateChanged',
      (e) => e.state === 'connected' && user.events.indexOf(e) > from,
    );

    faults.refuseInit(20101);
    faults.dropConnections();
    const refused = await user.waitFor('connectionStateChanged', (e) => e.state === 'denied' && e !== denied);
    expect(refused.error?.code).toBe('token_invalid');
  });

  it('rejects updateToken with token_invalid when Twilio refuses the new token (another identity)', async () => {
    const user = await world.user(flavor, world.unique('ann'));
    const error = await rejection(user.backend.updateToken(tokenFor(world.unique('mallory'))));
    expect(error.code).toBe('token_invalid');
    const denied = await user.waitFor('connectionStateChanged', (e) => e.state === 'denied');
    expect(denied.error?.code).toBe('token_invalid');
  });

  it('never acts on a shut-down client: its socket closes, no events, calls rejected', async () => {
    const alice = await world.local(world.unique('alice'));
    const identity = world.unique('bob');
    const clients: SdkClient[] = [];
    const bob = await world.user(flavor, identity, clients);
    const name = [alice.identity, identity].sort().join('#');
    await alice.backend.createChannel({
      name,
      type: 'private',
      friendlyName: name,
      description: '',
      members: [identity],
    });
    await bob.waitFor('channelAdded', (e) => e.channel.name === name);
    await bob.backend.shutdown();
    await until(() => clients[0]?.connectionState === 'disconnected', 'the client to disconnect');
    const seen = bob.events.length;
    await alice.backend.sendMessage(name, { clientId: 'after', body: 'after bob left', file: null });
    expect((await rejection(bob.backend.listChannels())).code).toBe('not_connected');
    expect((await rejection(bob.backend.updateToken(tokenFor(identity)))).code).toBe('not_connected');
    bob.backend.typing(name);
    expect(bob.events.length).toBe(seen);
    // Connects again, as another user.
    const carol = new ContractUser(bob.backend, world.unique('carol'));
    expect(await bob.backend.connect(tokenFor(carol.identity), carol.emit)).toEqual({
      identity: carol.identity,
    });
  });

  it('settles a call still waiting for Twilio when shutdown runs, leaving no 30 s reply timer behind', async () => {
    // twilsock closes its socket without its own clean-up: a request in flight kept its reply
    // timer for 30 s, holding the call pending and the process open (the Node 22 exit flake).
    const faults = world.server.twilio!;
    const bob = await world.user(flavor, world.unique('bob'));
    const channel = world.unique('room');
    await bob.backend.createChannel({
      name: channel,
      type: 'group',
      friendlyName: channel,
      description: '',
      members: [],
    });
    faults.ignoreRequests(true);
    const sent = bob.backend.sendMessage(channel, { clientId: 'c', body: 'never answered', file: null });
    await until(() => faults.ignoredRequestCount > 0, 'the send to reach the emulator');
    await bob.backend.shutdown();
    expect((await rejection(sent)).code).toBe('network');
  });
});

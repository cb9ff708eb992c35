// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { flavors, rejection, type SdkClient, sharedEmulator, tokenFor, until } from './emulator.js';

// The SDKs as a page runs them: a `window` (twilsock listens to its online/offline events), the
// page's XMLHttpRequest for media (so twilio-chat posts a FormData and Conversations a Blob) and
// a global WebSocket. jsdom's WebSocket (undici's) cannot open under Vitest, whose jsdom Event
// is not the one undici dispatches ("must be an instance of Event"), so the global one is `ws`,
// as in Node; everything else is jsdom's.
const world = sharedEmulator();
const pageWebSocket = globalThis.WebSocket;
beforeAll(() => {
  Object.assign(globalThis, { WebSocket: NodeWebSocket });
});
afterAll(() => {
  Object.assign(globalThis, { WebSocket: pageWebSocket });
});

describe.each(flavors)('$name on the real SDK under jsdom', (flavor) => {
  it("uploads with the page's XMLHttpRequest", () => {
    expect(typeof window.XMLHttpRequest).toBe('function');
    expect(globalThis.XMLHttpRequest).toBe(window.XMLHttpRequest);
  });

  it('chats both ways with a file, then shuts down', async () => {
    const alice = await world.user(flavor, world.unique('alice'));
    const bob = await world.user(flavor, world.unique('bob'));
    const name = [alice.identity, bob.identity].sort().join('#');
    await alice.backend.createChannel({
      name,
      type: 'private',
      friendlyName: name,
      description: '',
      members: [bob.identity],
    });
    await bob.waitFor('channelAdded', (e) => e.channel.name === name);
    const sent = await alice.backend.sendMessage(name, {
      clientId: 'file',
      body: 'see attached',
      file: {
        data: new Blob(['hello file'], { type: 'text/plain' }),
        filename: 'note.txt',
        contentType: 'text/plain',
      },
    });
    expect(sent.media).toMatchObject({ filename: 'note.txt', contentType: 'text/plain', size: 10 });
    const received = await bob.waitFor('messageAdded', (e) => e.message.sid === sent.sid);
    expect(received.message).toMatchObject({ body: 'see attached', media: { filename: 'note.txt' } });
    const url = await received.message.media!.url();
    expect(await (await fetch(url)).text()).toBe('hello file');
    const reply = await bob.backend.sendMessage(name, { clientId: 'r', body: 'thanks', file: null });
    await alice.waitFor('messageAdded', (e) => e.message.sid === reply.sid);
  });

  it('shuts down a client whose socket is accepted and never answered', async () => {
    const faults = world.server.twilio!;
    await until(() => faults.connectionCount === 0, 'the earlier sockets to close');
    faults.hangNewConnections(true);
    const clients: SdkClient[] = [];
    const backend = world.backend(flavor, clients, { connectTimeoutMs: 300 });
    expect((await rejection(backend.connect(tokenFor(world.unique('ann')), () => {}))).code).toBe('network');
    await backend.shutdown();
    await until(() => faults.connectionCount === 0, 'the hung socket to close');
    await until(() => clients[0]?.connectionState === 'disconnected', 'the client to disconnect');
  });
});

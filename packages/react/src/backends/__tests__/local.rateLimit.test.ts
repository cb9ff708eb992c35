// @vitest-environment node
import type { LocalServerOptions } from '@chat/local-server';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connected, onCleanup, startServer, tokenFor, until } from '../../core/__tests__/harness.js';
import { ChatError } from '../../core/errors.js';
import { Recorder } from '../local/__tests__/harness.js';
import { trackLeftovers } from '../local/__tests__/trackLeftovers.js';
import { type LocalBackendOptions, localBackend } from '../local.js';

// The flaps fault test (tests/reliability) failed with "Too many messages (sends and edits) from
// this user; slow down and retry. (rate_limited)": its users send about as fast as the server's
// per-identity send budget (20/s, bursts of 120) allows, and a send the server refused was failed
// at once, although it would have been accepted 50 ms later. A refusal by a rate now says when
// to come back (`retryAfterMs`), and the local backend waits that long and sends again.

/** Alice and bob in `room`, bob has it open; alice's sent ops are counted in `ops`. */
async function room(options: Partial<LocalServerOptions>, backend: Partial<LocalBackendOptions> = {}) {
  const server = await startServer(options);
  const ops: string[] = [];
  const alice = await connected(server.url, 'alice', { ops, backend });
  const bob = await connected(server.url, 'bob');
  await alice.getState().createGroupChannel('room');
  await bob.getState().joinChannel('room');
  bob.getState().setCurrentChannel('room');
  return { alice, bob, ops };
}

describe('localBackend: the server rate-limits a user who sends fast', () => {
  it('sends every message anyway, in order and once each, never showing one failed', async () => {
    // Two sends at once, then one every 200 ms: six messages sent together must wait their turn.
    const { alice, bob, ops } = await room({
      rateLimit: { perIdentity: { sends: { burst: 2, perSecond: 5 } } },
    });
    const failed: string[] = [];
    onCleanup(
      alice.subscribe(() => {
        for (const m of alice.getState().messages) if (m.status === 'failed') failed.push(m.body);
      }),
    );
    alice.getState().setCurrentChannel('room');
    const bodies = Array.from({ length: 6 }, (_, i) => `fast ${i}`);
    const results = await Promise.allSettled(
      bodies.map((body) => alice.getState().sendMessage('room', body)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
    expect(failed).toEqual([]);
    // The server did refuse some (each refused send went out again): the pacing was exercised.
    expect(ops.filter((op) => op === 'sendMessage').length).toBeGreaterThan(6);
    await until(bob, () => bob.getState().messages.length === 6);
    expect(bob.getState().messages.map((m) => m.body)).toEqual(bodies);
  });

  it('fails a send whose refusal would outlast requestTimeoutMs at once, typed, without hammering', async () => {
    // One send, then one every 10 s: the second waits longer than alice's 1 s request timeout.
    const { alice, ops } = await room(
      { rateLimit: { perIdentity: { sends: { burst: 1, perSecond: 0.1 } } } },
      { requestTimeoutMs: 1000 },
    );
    await alice.getState().sendMessage('room', 'first');
    const error = await alice
      .getState()
      .sendMessage('room', 'second')
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ChatError);
    expect(error).toMatchObject({ code: 'backend', message: expect.stringContaining('rate_limited') });
    // Refused once, failed: not sent again and again while the budget is spent.
    expect(ops.filter((op) => op === 'sendMessage')).toHaveLength(2);
  });

  it('shutdown while a request waits out the rate limit rejects it and leaves no timer behind', async () => {
    const server = await startServer({ rateLimit: { perIdentity: { sends: { burst: 1, perSecond: 0.5 } } } });
    const bob = await connected(server.url, 'bob');
    await bob.getState().createGroupChannel('room');
    const leftovers = trackLeftovers();
    onCleanup(leftovers.restore);
    let refused!: () => void;
    const refusal = new Promise<void>((resolve) => {
      refused = resolve;
    });
    // Sees the replies as the backend does (a second listener on the same socket).
    class Watched extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        this.on('message', (data) => {
          if (String(data).includes('"rate_limited"')) refused();
        });
      }
    }
    const backend = localBackend({ url: server.url, WebSocket: Watched as typeof WebSocket });
    const recorder = new Recorder();
    await backend.connect(tokenFor('alice'), recorder.emit);
    await backend.joinChannel('room');
    await backend.sendMessage('room', { clientId: 'c1', body: 'one', file: null });
    // The second is refused (the next send is up to 2 s away) and waits.
    const waiting = backend.sendMessage('room', { clientId: 'c2', body: 'two', file: null }).then(
      () => null,
      (e: unknown) => e,
    );
    await refusal;
    await new Promise((resolve) => setImmediate(resolve)); // the backend has handled the reply
    expect((await leftovers.settled()).timers).toBeGreaterThan(0);
    await backend.shutdown();
    expect(await waiting).toMatchObject({ name: 'ChatError', code: 'not_connected' });
    expect((await leftovers.settled()).timers).toBe(0);
  });
});

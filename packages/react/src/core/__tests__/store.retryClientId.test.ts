// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { connected, onSwitchableNetwork, startServer, until } from './harness.js';

describe('createChatStore: the automatic retry of a send whose reply was lost', () => {
  it('resends with the same clientId, so the server stores the message once', async () => {
    const server = await startServer();
    // A request times out after 300 ms; a send has several attempts (the default).
    const alice = await onSwitchableNetwork(server.url, 'alice', 300);
    const bob = await connected(server.url, 'bob');
    await alice.store.getState().createGroupChannel('general');
    alice.store.getState().setCurrentChannel('general');
    await bob.getState().joinChannel('general');
    await until(alice.store, (s) => s.channels.general?.members.includes('bob') === true);

    const sends: { clientId: unknown; body: unknown }[] = [];
    alice.hook.current = (frame) => {
      if (frame.op === 'sendMessage') {
        const params = (frame.params ?? frame) as { clientId?: unknown; body?: unknown };
        sends.push({ clientId: params.clientId, body: params.body });
      }
      return undefined;
    };
    // The server stores the first attempt, but alice hears nothing of it: neither the reply nor
    // the messageAdded event reach her (a link dying right after the frame went out).
    let lost = 0;
    alice.hook.incoming = (frame) => {
      const result = frame.result as { message?: unknown } | undefined;
      const reply = frame.ok === true && result?.message !== undefined;
      const event = frame.event === 'messageAdded';
      if (lost < 2 && (reply || event)) {
        lost++;
        return 'drop';
      }
      return undefined;
    };
    const sent = await alice.store.getState().sendMessage('general', 'once');
    expect(lost).toBe(2);
    expect(sends.length).toBeGreaterThan(1); // the first attempt timed out: retried on its own
    expect(sends[0]?.clientId).toEqual(expect.any(String));
    expect(new Set(sends.map((s) => s.clientId)).size).toBe(1);
    expect(sent).toMatchObject({ status: 'sent', index: 0, body: 'once' });

    // What the server stored, read by a store that saw none of it.
    const history = await bob.getState().getMessages('general', 30);
    expect(history.map((m) => [m.index, m.body])).toEqual([[0, 'once']]);
    const late = await connected(server.url, 'bob');
    late.getState().setCurrentChannel('general');
    const state = await until(late, (s) => s.messages.length > 0);
    expect(state.messages.map((m) => m.body)).toEqual(['once']);
    expect(state.channels.general?.lastMessage?.sid).toBe(sent.sid);
  });
});

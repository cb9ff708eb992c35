// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { openRoom, until } from './harness.js';

/** True when the stored messages' indexes run without a hole (no message of this room is deleted). */
const contiguous = (indexes: number[]) =>
  indexes.every((index, i) => i === 0 || index === indexes[i - 1]! + 1);

describe('createChatStore: a message beyond the open channel’s run', () => {
  it('fetches the gap with getMessagesAfter, and the list never shows a hole', async () => {
    const { alice, bob } = await openRoom({ first: 'm0' });

    // Every list alice is ever shown, and every request she sends from here on.
    const shown: number[][] = [];
    alice.store.subscribe(() => {
      shown.push(alice.store.getState().messages.flatMap((m) => (m.index === null ? [] : [m.index])));
    });
    const ops: string[] = [];
    alice.hook.current = (frame) => {
      ops.push(frame.op);
      return undefined;
    };
    // The event of m1 is lost on the way to alice: m2 then lands beyond her run [0..0].
    alice.hook.incoming = (frame) => {
      const message = frame.message as { index?: number } | undefined;
      return frame.event === 'messageAdded' && message?.index === 1 ? 'drop' : undefined;
    };
    await bob.getState().sendMessage('general', 'm1');
    await bob.getState().sendMessage('general', 'm2');
    await until(alice.store, (s) => s.channels.general?.lastMessage?.body === 'm2');
    alice.hook.incoming = null;
    // The server answers one connection's requests in order: once alice's own send is answered,
    // the gap fetch the m2 event started (if any) has been answered before it.
    await alice.store.getState().sendMessage('general', 'm3');

    expect(ops).toContain('getMessagesAfter');
    const state = alice.store.getState();
    expect(state.messages.map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(state.messages.map((m) => m.index)).toEqual([0, 1, 2, 3]);
    const holes = shown.filter((indexes) => !contiguous(indexes));
    expect(holes).toEqual([]);
  });
});

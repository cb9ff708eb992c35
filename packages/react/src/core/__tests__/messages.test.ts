// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { BackendMessage } from '../backend.js';
import { appendPending, mergeMessages, newestStoredIndex } from '../messages.js';
import type { Message } from '../types.js';

const stored = (index: number, clientId: string | null = null): BackendMessage => ({
  sid: `IM${index}`,
  index,
  channel: 'general',
  clientId,
  author: 'bob',
  body: `message ${index}`,
  media: null,
  dateCreated: new Date(1_700_000_000_000 + index),
});

const pending = (id: string): Message => ({
  id,
  sid: null,
  index: null,
  channel: 'general',
  author: 'alice',
  body: id,
  media: null,
  dateCreated: new Date(),
  status: 'pending',
  error: null,
  editedAt: null,
});

const indexes = (list: Message[]) => list.map((m) => m.index ?? m.id);

describe('mergeMessages', () => {
  it('sorts by index whatever the arrival order, without duplicates', () => {
    let list: Message[] = [];
    for (const page of [
      [stored(5), stored(6)],
      [stored(1), stored(2)],
      [stored(2), stored(5), stored(9)],
      [stored(4)],
    ]) {
      list = mergeMessages(list, page).list;
    }
    expect(indexes(list)).toEqual([1, 2, 4, 5, 6, 9]);
    expect(newestStoredIndex(list)).toBe(9);
  });

  it('keeps pending messages last, in send order, and turns the matching one into the stored one', () => {
    let list = mergeMessages([], [stored(0), stored(1)]).list;
    list = appendPending(appendPending(list, pending('c1')), pending('c2'));
    list = mergeMessages(list, [stored(2)]).list;
    expect(indexes(list)).toEqual([0, 1, 2, 'c1', 'c2']);

    const ack = { ...stored(3, 'c1'), author: 'alice', body: 'c1' };
    const { list: next, merged } = mergeMessages(list, [ack]);
    expect(indexes(next)).toEqual([0, 1, 2, 3, 'c2']);
    expect(merged[0]).toMatchObject({ id: 'c1', sid: 'IM3', index: 3, status: 'sent' });
    // The same message again (event after ack): nothing changes, not even the array.
    expect(mergeMessages(next, [ack]).list).toBe(next);
  });

  it('returns the same array and objects when nothing is new', () => {
    const { list } = mergeMessages([], [stored(0), stored(1)]);
    const again = mergeMessages(list, [stored(1), stored(0)]);
    expect(again.list).toBe(list);
    expect(again.merged[0]).toBe(list[1]);
  });

  it('uses the client id as id when there is one, else the sid', () => {
    const { list } = mergeMessages([], [stored(0, 'abc'), stored(1)]);
    expect(list.map((m) => m.id)).toEqual(['abc', 'IM1']);
  });
});

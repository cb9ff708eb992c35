// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { BackendMessage } from '../backend.js';
import type { ChannelEntry } from '../ChatCore.js';
import { mergeMessages } from '../messages.js';
import { PAGE_SIZE, placeMessage } from '../runs.js';
import type { Channel } from '../types.js';

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

const channel = { name: 'general', type: 'group' } as Channel;

/** A loaded entry holding the run [0..count-1]. */
const loadedEntry = (count: number): ChannelEntry => ({
  channel,
  messages: mergeMessages(
    [],
    Array.from({ length: count }, (_, i) => stored(i)),
  ).list,
  loaded: true,
  lastReadIndex: null,
  newestIndex: count - 1,
  activity: 0,
  version: null,
});

describe('placeMessage, the next message of a run', () => {
  it('appends it in a new array, the original left as it was', () => {
    const entry = loadedEntry(3);
    const before = [...entry.messages];
    const { messages, stored: added, gap } = placeMessage(entry, stored(3), false);
    expect(gap).toBe(false);
    expect(messages.map((m) => m.index)).toEqual([0, 1, 2, 3]);
    expect(messages[3]).toBe(added);
    expect(added).toMatchObject({ id: 'IM3', sid: 'IM3', index: 3, status: 'sent', error: null });
    expect(entry.messages).toEqual(before);
  });

  it('cuts a closed channel to its newest page, and keeps the open one whole', () => {
    const entry = loadedEntry(PAGE_SIZE);
    const closed = placeMessage(entry, stored(PAGE_SIZE), false).messages;
    expect(closed).toHaveLength(PAGE_SIZE);
    expect(closed[0]!.index).toBe(1);
    expect(closed[PAGE_SIZE - 1]!.index).toBe(PAGE_SIZE);
    const open = placeMessage(entry, stored(PAGE_SIZE), true).messages;
    expect(open).toHaveLength(PAGE_SIZE + 1);
    expect(open[0]!.index).toBe(0);
  });
});

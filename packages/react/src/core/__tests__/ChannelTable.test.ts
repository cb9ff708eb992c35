// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ChannelTable, type Row } from '../ChannelTable.js';
import type { Channel } from '../types.js';

const row = (name: string, unreadCount = 0): Row => ({
  channel: { name, unreadCount } as Channel,
  activity: unreadCount,
});
const from = (rows: Row[]): ChannelTable => {
  const byName = new Map(rows.map((r) => [r.channel.name, r]));
  return ChannelTable.empty().with(byName.keys(), (name) => byName.get(name));
};

describe('ChannelTable', () => {
  it('reads like a plain Record of channels, in insertion order', () => {
    const channels = from([row('b', 1), row('a', 2), row('constructor', 3)]).record();
    expect(channels.a?.unreadCount).toBe(2);
    expect(channels.constructor).toEqual({ name: 'constructor', unreadCount: 3 });
    expect(channels.missing).toBeUndefined();
    expect('b' in channels && !('missing' in channels)).toBe(true);
    expect(Object.keys(channels)).toEqual(['b', 'a', 'constructor']);
    expect(Object.values(channels).map((c) => c.unreadCount)).toEqual([1, 2, 3]);
    expect({ ...channels }).toEqual({ b: channels.b, a: channels.a, constructor: channels.constructor });
    expect(JSON.parse(JSON.stringify(channels))).toEqual({ ...channels });
    expect(Object.hasOwn(channels, 'a') && !Object.hasOwn(channels, 'toString')).toBe(true);
    expect(String(channels)).toBe('[object Object]');
  });

  it('refuses writes: a version never changes', () => {
    const channels = from([row('a')]).record();
    expect(() => {
      channels.a = row('x').channel;
    }).toThrow(TypeError);
    expect(() => delete channels.a).toThrow(TypeError);
    expect(() => Object.defineProperty(channels, 'b', { value: 1 })).toThrow(TypeError);
    expect(Object.keys(channels)).toEqual(['a']);
  });

  it('leaves older versions as they were when a newer one changes, adds or removes channels', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `c${i}`);
    const v1 = from(names.map((n) => row(n)));
    const v2 = v1.with(new Set(['c5', 'c2999', 'new', 'c7']), (name) =>
      name === 'c7' ? undefined : row(name, 9),
    );
    expect(v1.size).toBe(3000);
    expect(v2.size).toBe(3000);
    expect(v1.record().c5?.unreadCount).toBe(0);
    expect(v2.record().c5?.unreadCount).toBe(9);
    expect(v1.record().new).toBeUndefined();
    expect(v2.record().new?.unreadCount).toBe(9);
    expect('c7' in v1.record() && !('c7' in v2.record())).toBe(true);
    expect(Object.keys(v1.record())).toEqual(names);
    expect(Object.keys(v2.record())).toEqual([...names.filter((n) => n !== 'c7'), 'new']);
    // Unchanged rows are shared, not copied.
    expect(v2.get('c6')).toBe(v1.get('c6'));
  });
});

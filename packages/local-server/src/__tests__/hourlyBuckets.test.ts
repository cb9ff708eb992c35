import { expect, test } from 'vitest';
import { HourlyBuckets } from '../hourlyBuckets.js';

const HOUR = 3_600_000;

test('a bucket allows a burst of perHour, then one per hour/perHour, per key', () => {
  const buckets = new HourlyBuckets(4);
  const t0 = 1_000_000;
  for (let i = 0; i < 4; i++) {
    expect(buckets.waitMs('alice', t0)).toBe(0);
    buckets.take('alice', t0);
  }
  expect(buckets.waitMs('alice', t0)).toBe(HOUR / 4);
  expect(buckets.waitMs('bob', t0)).toBe(0);
  expect(buckets.waitMs('alice', t0 + HOUR / 8)).toBe(HOUR / 8);
  expect(buckets.waitMs('alice', t0 + HOUR / 4)).toBe(0);
  buckets.take('alice', t0 + HOUR / 4);
  // Refilled to the burst, never beyond it.
  const later = t0 + 10 * HOUR;
  for (let i = 0; i < 4; i++) buckets.take('alice', later);
  expect(buckets.waitMs('alice', later)).toBeGreaterThan(0);
});

test('full buckets are forgotten, so many keys do not stay in memory', () => {
  const buckets = new HourlyBuckets(2);
  for (let i = 0; i < 10_000; i++) buckets.take(`user-${i}`, 0);
  expect(buckets.size).toBe(10_000);
  // An hour on, every bucket is full again: the take that passes the threshold sweeps them all.
  buckets.take('late', HOUR);
  expect(buckets.size).toBe(1);
  expect(buckets.waitMs('user-0', HOUR)).toBe(0);
});

test('Infinity never runs out', () => {
  const buckets = new HourlyBuckets(Number.POSITIVE_INFINITY);
  for (let i = 0; i < 100; i++) buckets.take('alice', 0);
  expect(buckets.waitMs('alice', 0)).toBe(0);
});

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as protocol from '../index.js';

// Every module of the wire's types, found by name so that a new one is checked too.
const folder = new URL('../wire/', import.meta.url);
const wireModules = Object.fromEntries(
  await Promise.all(
    readdirSync(folder)
      .filter((name) => name.endsWith('.ts'))
      .map(async (name) => [name, (await import(new URL(name, folder).href)) as object] as const),
  ),
);

describe('the wire protocol', () => {
  it('is types only: its modules export no value, so no client bundles any of it', () => {
    expect(Object.keys(wireModules).length).toBeGreaterThanOrEqual(4);
    for (const [file, module] of Object.entries(wireModules)) {
      expect({ file, exports: Object.keys(module) }).toEqual({ file, exports: [] });
    }
  });

  it('exports its limits as numbers, the frame large enough for the largest body and attributes', () => {
    expect(protocol.MAX_FRAME_BYTES).toBe(64 * 1024);
    expect(protocol.MAX_BODY_BYTES).toBe(32 * 1024);
    expect(protocol.MAX_BODY_BYTES + protocol.MAX_ATTRIBUTES_BYTES).toBeLessThan(protocol.MAX_FRAME_BYTES);
  });
});

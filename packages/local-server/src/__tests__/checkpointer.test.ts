import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Checkpointer } from '../checkpointer.js';
import { openDatabase } from '../db.js';

const dir = mkdtempSync(join(tmpdir(), 'local-server-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Checkpointer', () => {
  test('checkpoint() resolves once the worker has copied the WAL into the database file', async () => {
    const path = join(dir, 'chat.db');
    const db = openDatabase(path);
    const insert = db.db.prepare('INSERT INTO media_chunks (sid, seq, bytes) VALUES (?, ?, ?)');
    for (let seq = 0; seq < 8; seq++) insert.run('ME1', seq, Buffer.alloc(256 * 1024, seq));
    // Committed, but only in the WAL: the main connection's autocheckpoint is far off.
    expect(statSync(path).size).toBeLessThan(1024 * 1024);
    const checkpointer = new Checkpointer(path, 60_000);
    await checkpointer.checkpoint(60_000);
    expect(statSync(path).size).toBeGreaterThan(2 * 1024 * 1024);
    await checkpointer.stop();
    // Once the worker is gone, a writer waiting for it is not held up.
    await expect(checkpointer.checkpoint(60_000)).resolves.toBeUndefined();
    db.db.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect } from 'vitest';
import type { LocalServer } from '../createLocalServer.js';
import { startServer, type TestClient } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'local-server-world-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const TABLES = ['channels', 'members', 'messages', 'message_tombstones', 'departures', 'media'];

/** Waits until every event already sent to these clients has arrived (a ping each: replies come after). */
export async function settle(clients: TestClient[]): Promise<void> {
  for (const client of clients) await client.call('ping');
}

/**
 * A server on a temporary file, and a way to prove that a refused request changed nothing: every
 * row of the chat tables, read through a second (read-only) connection, and no event reaching the
 * observers' sockets.
 */
export async function watchedServer(options: Parameters<typeof startServer>[0] = {}) {
  const dbPath = join(dir, `world-${++files}.db`);
  const server: LocalServer = await startServer({ dbPath, ...options });
  const rows = () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return Object.fromEntries(TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all()]));
    } finally {
      db.close();
    }
  };
  return {
    server,
    dbPath,
    rows,
    /**
     * Runs `refused`, expects it to fail with `code`, and checks that the database is as before and
     * that none of `observers` got an event (a ping on each: events of the refused request would
     * have been written before its reply, hence before the pong).
     */
    async refusal(refused: () => Promise<string | undefined>, code: string, observers: TestClient[]) {
      await settle(observers);
      const before = rows();
      const seen = observers.map((client) => client.events.length);
      expect(await refused()).toBe(code);
      await settle(observers);
      expect(observers.map((client) => client.events.length)).toEqual(seen);
      expect(rows()).toEqual(before);
    },
  };
}

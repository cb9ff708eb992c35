import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalServer, type LocalServer, type LocalServerOptions } from '@chat/local-server';
import { devKeys } from '@chat/server';
import type { Cleanup } from './Cleanup.js';

/** A local server in this process on a free port, with its database in a fresh temporary folder. */
export interface InProcessServer {
  server: LocalServer;
  url: string;
  /** The SQLite file, for {@link ChatDatabase}. */
  dbPath: string;
  /** What the server logged as errors (a test may assert there were none). */
  errors: string[];
}

/**
 * Starts the real local server in-process (port 0, file database, silent logger) and registers
 * its close and the folder's removal with `cleanup`. For faults that do not need to kill the
 * process: proxies, token lifetimes, many tabs.
 */
export async function startLocalServer(
  cleanup: Cleanup,
  options: Partial<LocalServerOptions> = {},
): Promise<InProcessServer> {
  const dir = cleanup.add(mkdtempSync(join(tmpdir(), 'chat-faults-')), (d) =>
    rmSync(d, { recursive: true, force: true }),
  );
  const dbPath = join(dir, 'chat.db');
  const errors: string[] = [];
  const server = cleanup.add(
    await createLocalServer({
      port: 0,
      dbPath,
      keys: devKeys,
      logger: { info() {}, error: (message, error) => errors.push(`${message} ${String(error ?? '')}`) },
      ...options,
    }),
    (s) => s.close(),
  );
  return { server, url: server.url, dbPath, errors };
}

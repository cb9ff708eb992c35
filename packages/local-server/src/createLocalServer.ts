import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MAX_FRAME_BYTES } from '@chat/protocol';
import { WebSocketServer } from 'ws';
import { Checkpointer } from './checkpointer.js';
import { CloseCode, Connection } from './connection.js';
import { ConnectionGate } from './connectionGate.js';
import { createContext } from './context.js';
import { openDatabase } from './db.js';
import { createHttpApp } from './http/createHttpApp.js';
import { type LocalServerOptions, resolveOptions } from './options.js';
import {
  TWILSOCK_PATH,
  type TwilioClientOptions,
  type TwilioFaults,
  TwilioFrontDoor,
} from './twilio/TwilioFrontDoor.js';

/** Resolves when every client socket has closed, or after `ms` (close frames get a moment to flush). */
function clientsGone(wss: WebSocketServer, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (wss.clients.size === 0) return done();
    for (const ws of wss.clients) {
      ws.once('close', () => {
        if (wss.clients.size === 0) done();
      });
    }
  });
}

/** A running local chat server. */
export interface LocalServer {
  /** 'http://HOST:PORT' — give it to `localBackend({ url })`; the WebSocket is at `/ws`. */
  readonly url: string;
  /** The bound port (useful with `port: 0`). */
  readonly port: number;
  /**
   * `clientOptions` for `twilioConversations()` / `twilioChat()` of `@chat/react` (or the options
   * of `new Client(token, options)` of the Twilio SDKs) to use this server's Twilio emulator;
   * null when `twilio: false`.
   */
  readonly twilioClientOptions: TwilioClientOptions | null;
  /** Server-side faults for the Twilio emulator's tests; null when `twilio: false`. */
  readonly twilio: TwilioFaults | null;
  /**
   * Closes every connection (1001), stops listening, clears every timer and closes the
   * database. Resolves when all of it is done. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * Starts the local chat service: HTTP (health, media) and the WebSocket protocol on one port,
 * with SQLite storage. Resolves once it listens.
 *
 * @example
 * const local = await createLocalServer({ port: 0, dbPath: ':memory:', keys: devKeys });
 * // local.url -> 'http://127.0.0.1:PORT'
 * await local.close();
 */
export async function createLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const resolved = resolveOptions(options);
  const db = openDatabase(resolved.dbPath);
  const checkpointer =
    resolved.dbPath === ':memory:' || resolved.dbPath === '' ? null : new Checkpointer(resolved.dbPath);
  const ctx = createContext(resolved, db, checkpointer ? () => checkpointer.checkpoint() : undefined);
  const app = createHttpApp(ctx);
  const twilio = resolved.twilio === false ? null : new TwilioFrontDoor(ctx, resolved.twilio);
  if (twilio) app.use(twilio.mcs.routes());
  // Node's own defaults (headers 60 s, whole request 5 min, checked every 30 s) let a client that
  // trickles its headers or body hold a socket for minutes (issue 12). The request may take the
  // headers' time plus the upload's; checks run often enough that the cut comes on time.
  const server = createServer(
    { connectionsCheckingInterval: Math.min(1000, Math.max(50, resolved.headersTimeoutMs / 4)) },
    app.callback(),
  );
  server.headersTimeout = resolved.headersTimeoutMs;
  server.requestTimeout = resolved.headersTimeoutMs + resolved.uploadTimeoutMs + 1000;
  server.keepAliveTimeout = resolved.keepAliveTimeoutMs;
  const gate = new ConnectionGate(
    resolved.maxConnections,
    resolved.maxConnectionsPerAddress,
    resolved.logger,
  );
  server.on('connection', (socket: Socket) => gate.admit(socket));
  ctx.mediaExpiry.start();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const connections = new Set<Connection>();
  const heartbeat = setInterval(() => {
    for (const connection of connections) connection.heartbeat();
    ctx.limits.prune();
    ctx.uploads.prune();
    twilio?.heartbeat();
  }, resolved.heartbeatMs);

  let shuttingDown = false;
  server.on('upgrade', (req, socket, head) => {
    if (shuttingDown) {
      socket.destroy();
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    const origin = req.headers.origin;
    const twilsock = twilio !== null && path === TWILSOCK_PATH;
    if ((path !== '/ws' && !twilsock) || (origin !== undefined && !resolved.allowOrigin(origin))) {
      socket.end(
        `HTTP/1.1 ${path !== '/ws' && !twilsock ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    if (twilsock) {
      twilio.handleUpgrade(req, socket, head);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (shuttingDown) {
        ws.terminate();
        return;
      }
      const connection = new Connection(ws, socket, ctx);
      connections.add(connection);
      ws.on('close', () => connections.delete(connection));
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(resolved.port, resolved.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(heartbeat);
    ctx.mediaExpiry.stop();
    ctx.mediaStore.stop();
    await checkpointer?.stop();
    db.db.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  ctx.baseUrl = `http://${host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(heartbeat);
      ctx.mediaExpiry.stop();
      // Stop listening first: a client that reconnects at once must not slip in mid-shutdown.
      shuttingDown = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Uploads being stored fail now rather than write to a closing database; the next start
      // deletes what they wrote.
      ctx.mediaStore.stop();
      for (const connection of connections) connection.close(CloseCode.goingAway, 'server shutting down');
      ctx.typing.clear();
      await Promise.all([clientsGone(wss, 200), twilio?.close()]);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
      ctx.batcher.flush();
      await checkpointer?.stop();
      db.db.close();
    })();
    return closing;
  };

  return {
    url: ctx.baseUrl,
    port,
    close,
    twilioClientOptions: twilio?.clientOptions ?? null,
    twilio: twilio?.faults ?? null,
  };
}

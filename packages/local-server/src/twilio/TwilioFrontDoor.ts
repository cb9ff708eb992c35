import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Router } from '@koa/router';
import { WebSocketServer } from 'ws';
import type { ServerContext } from '../context.js';
import type { FaultState, FrontDoorState } from './FrontDoorState.js';
import { McsStaging } from './McsStaging.js';
import { mcsRouter } from './mcsRouter.js';
import { SyncProjection } from './SyncProjection.js';
import { TwilioData } from './TwilioData.js';
import { TwilsockConnection } from './TwilsockConnection.js';
import type { ResolvedTwilioOptions } from './twilioOptions.js';

/** The path of the twilsock WebSocket (Twilio's own: `wss://tsock.<region>.twilio.com/v3/wsconnect`). */
export const TWILSOCK_PATH = '/v3/wsconnect';

/** Largest twilsock frame accepted (a message body of 32 KiB plus 16 KiB of attributes fit well). */
const MAX_FRAME_BYTES = 256 * 1024;

/**
 * What to pass as `clientOptions` to `twilioConversations()` / `twilioChat()` of `@chat/react`
 * (or as the second argument of `new Client(token, options)` of `@twilio/conversations` 3 and
 * `twilio-chat` 6) to reach this server instead of Twilio.
 */
export interface TwilioClientOptions {
  /**
   * twilsock's WebSocket. twilsock reads `options.twilsock ?? options.Twilsock`; the capitalised
   * key is the one both SDKs' `ClientOptions` types declare, so this object type-checks as theirs.
   */
  Twilsock: { uri: string };
  /** Base of the REST calls (`apiUri` of both SDKs' clients). */
  apiUri: string;
  /** Base of the Sync calls (`cdsUri` of twilio-sync 3 and 4). */
  cdsUri: string;
}

/**
 * Faults a test can cause from the server side, to see how a client copes (README, "Twilio
 * emulator: faults"). Each lasts until changed or `reset()`.
 */
export interface TwilioFaults {
  /** Refuse every new twilsock `init` with 401 and this error code (20101 invalid, 20104 expired); null stops. */
  refuseInit(errorCode: 20101 | 20104 | null): void;
  /** Accept new sockets and never answer them (not even `init`); false stops for later sockets. */
  hangNewConnections(on: boolean): void;
  /**
   * Answer twilio-chat's refused requests with the Conversations API's codes (50353 name taken,
   * 50433 already a participant, 50350 not found…) instead of Programmable Chat's (50307, 50404,
   * 50300): twilio-chat 6 is served by Twilio's Conversations endpoints, which may answer so.
   */
  answerChatWithConversationsCodes(on: boolean): void;
  /**
   * Leave every REST and Sync request of open sockets unanswered (a service that stops replying;
   * the SDKs time each out after 30 s); false answers the next ones again.
   */
  ignoreRequests(on: boolean): void;
  /** How many requests `ignoreRequests` left unanswered so far. */
  readonly ignoredRequestCount: number;
  /** Deliver every live Sync event `ms` late (REST answers stay immediate); 0 stops. */
  lagSyncEvents(ms: number): void;
  /** Cut every open twilsock socket without a close, as a network failure would. @returns how many. */
  dropConnections(): number;
  /** Send `token_about_to_expire` now to every connection (or one identity's). @returns how many. */
  pushTokenAboutToExpire(identity?: string): number;
  /** Open twilsock connections. */
  readonly connectionCount: number;
  /** Turns every fault off. */
  reset(): void;
}

/**
 * The Twilio emulator: a second front door on the local server's port and data, for the real
 * Twilio SDKs. It owns the twilsock sockets, the media service routes and the Sync projection
 * (a hub tap), and shares everything else with the local protocol: one world.
 */
export class TwilioFrontDoor {
  readonly faults: TwilioFaults;
  readonly mcs: Router;
  readonly #state: FrontDoorState;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  readonly #connections = new Set<TwilsockConnection>();

  constructor(ctx: ServerContext, options: ResolvedTwilioOptions) {
    const data = new TwilioData(ctx);
    const projection = new SyncProjection(ctx, data);
    const faults: FaultState = {
      refuseInit: null,
      hang: false,
      conversationsCodes: false,
      ignoreRequests: false,
      ignored: 0,
    };
    // Uploads wait for their message; ten files' worth at most.
    const staging = new McsStaging(ctx.options.mediaMaxBytes * 10);
    this.#state = { ctx, data, projection, staging, options, faults };
    ctx.hub.tap(projection.tap);
    this.mcs = mcsRouter(this.#state);
    const connections = this.#connections;
    this.faults = {
      refuseInit: (errorCode) => {
        faults.refuseInit = errorCode;
      },
      hangNewConnections: (on) => {
        faults.hang = on;
      },
      answerChatWithConversationsCodes: (on) => {
        faults.conversationsCodes = on;
      },
      ignoreRequests: (on) => {
        faults.ignoreRequests = on;
      },
      get ignoredRequestCount() {
        return faults.ignored;
      },
      lagSyncEvents: (ms) => {
        if (!Number.isFinite(ms) || ms < 0)
          throw new RangeError(`lagSyncEvents: ms must be a non-negative number, got ${ms}.`);
        projection.lagMs = ms;
      },
      dropConnections: () => {
        const count = connections.size;
        for (const connection of [...connections]) connection.terminate();
        return count;
      },
      pushTokenAboutToExpire: (identity) => {
        let count = 0;
        for (const connection of connections) {
          if (identity !== undefined && connection.identity !== identity) continue;
          connection.pushTokenAboutToExpire();
          count += 1;
        }
        return count;
      },
      get connectionCount() {
        return connections.size;
      },
      reset: () => {
        faults.refuseInit = null;
        faults.hang = false;
        faults.conversationsCodes = false;
        faults.ignoreRequests = false;
        projection.lagMs = 0;
      },
    };
  }

  /** The client options that point the SDKs here (the server must be listening). */
  get clientOptions(): TwilioClientOptions {
    const base = this.#state.ctx.baseUrl;
    return {
      Twilsock: { uri: `${base.replace(/^http/, 'ws')}${TWILSOCK_PATH}` },
      apiUri: base,
      cdsUri: `${base}/cds`,
    };
  }

  /** Takes over an upgrade request for {@link TWILSOCK_PATH}. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new TwilsockConnection(ws, socket, this.#state);
      this.#connections.add(connection);
      ws.on('close', () => this.#connections.delete(connection));
    });
  }

  /** Pings every socket; the ones that missed the previous ping are cut. */
  heartbeat(): void {
    for (const connection of this.#connections) connection.heartbeat();
  }

  /** Closes every socket (1001) and stops every timer; resolves when the sockets are gone. */
  async close(): Promise<void> {
    this.#state.projection.clear();
    for (const ws of this.#wss.clients) ws.close(1001, 'server shutting down');
    for (const connection of this.#connections) connection.dispose();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 200);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      if (this.#wss.clients.size === 0) done();
      else for (const ws of this.#wss.clients) ws.once('close', () => this.#wss.clients.size === 0 && done());
    });
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}

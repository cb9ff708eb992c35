import { createLocalServer, type LocalServer, type LocalServerOptions } from '@chat/local-server';
import { createAccessToken, devKeys } from '@chat/server';
import { Client as ConversationsClient } from '@twilio/conversations';
import { Client as ChatClient } from 'twilio-chat';
import { afterAll, afterEach, beforeAll } from 'vitest';
import WebSocket from 'ws';
import type { BackendEvent, ChatBackend } from '../../../core/backend.js';
import { ChatError } from '../../../core/errors.js';
import { ContractUser } from '../../__tests__/contract/ContractUser.js';
import { localBackend } from '../../local.js';
import { twilioChat } from '../../twilioChat.js';
import { twilioConversations } from '../../twilioConversations.js';

/**
 * The adapter tests' world: the real `@twilio/conversations` and `twilio-chat` SDKs, unmodified,
 * connected to the local server's Twilio emulator (one server per test file), with faults caused
 * from the server side (`server.twilio`). A `localBackend` user acts on the same data from outside.
 */

/** Either SDK client, as the tests inspect it (its own connection state). */
export type SdkClient = ConversationsClient | ChatClient;

/** One Twilio backend, for the tests that hold for both SDKs. */
export interface Flavor {
  name: 'twilioConversations' | 'twilioChat';
  /** twilio-chat has public channels anyone may join; Conversations has none. */
  publicGroups: boolean;
  /**
   * A backend on the emulator. `clients` receives every SDK client it constructs: the real
   * Client class, subclassed only to be seen.
   */
  backend(server: LocalServer, clients: SdkClient[], options?: { connectTimeoutMs?: number }): ChatBackend;
}

/**
 * The emulator's client options, plus a short reconnect backoff: twilsock waits 1–120 s between
 * attempts (its `retryPolicy`), which would make every dropped-connection test wait a second.
 */
function clientOptions(server: LocalServer) {
  const options = { ...server.twilioClientOptions!, retryPolicy: { min: 50, max: 500, randomness: 0.2 } };
  return options;
}

export const flavors: Flavor[] = [
  {
    name: 'twilioConversations',
    publicGroups: false,
    backend: (server, clients, options) => {
      class Seen extends ConversationsClient {
        constructor(...args: ConstructorParameters<typeof ConversationsClient>) {
          super(...args);
          clients.push(this);
        }
      }
      return twilioConversations({ clientOptions: clientOptions(server), Client: Seen, ...options });
    },
  },
  {
    name: 'twilioChat',
    publicGroups: true,
    backend: (server, clients, options) => {
      class Seen extends ChatClient {
        constructor(...args: ConstructorParameters<typeof ChatClient>) {
          super(...args);
          clients.push(this);
        }
      }
      return twilioChat({ clientOptions: clientOptions(server), Client: Seen, ...options });
    },
  },
];

/**
 * A token signed with the dev keys, valid an hour, or `expiresInSeconds` from now (negative:
 * already expired). `@chat/server` mints at least 3 minutes, so short ones are minted in the past.
 */
export function tokenFor(identity: string, expiresInSeconds = 3600): string {
  const ttlSeconds = Math.max(180, expiresInSeconds);
  const now = Date.now() - (ttlSeconds - expiresInSeconds) * 1000;
  return createAccessToken(devKeys, identity, { ttlSeconds, now });
}

/**
 * One emulator for the whole file (started in beforeAll, closed in afterAll); every fault is
 * turned off and every backend shut down after each test. `twilio` options default to what a
 * real Twilio service answers (a 5 s HTTP cache interval), except a short Sync re-check so that
 * the SDKs' timers end soon after shutdown.
 */
export function sharedEmulator(options: Partial<LocalServerOptions> = {}) {
  const world: { server: LocalServer | null; open: ChatBackend[]; counter: number } = {
    server: null,
    open: [],
    counter: 0,
  };
  const server = (): LocalServer => {
    if (!world.server) throw new Error('sharedEmulator: the server starts in beforeAll');
    return world.server;
  };
  beforeAll(async () => {
    world.server = await createLocalServer({
      port: 0,
      dbPath: ':memory:',
      keys: devKeys,
      logger: { info() {}, error() {} },
      quotas: false,
      twilio: { httpCacheIntervalMs: 5000, subscriptionDeliveryMs: 200 },
      ...options,
    });
  });
  afterEach(async () => {
    world.server?.twilio?.reset();
    await Promise.all(world.open.splice(0).map((backend) => backend.shutdown()));
  });
  afterAll(async () => {
    await world.server?.close();
  });

  return {
    get server(): LocalServer {
      return server();
    },
    /** A fresh identity (tests share one server and must not see each other's channels). */
    unique(base: string): string {
      world.counter += 1;
      return `${base}${world.counter}`;
    },
    /** A Twilio backend of `flavor`, not connected, shut down after the test. */
    backend(flavor: Flavor, clients: SdkClient[] = [], backendOptions?: { connectTimeoutMs?: number }) {
      const backend = flavor.backend(server(), clients, backendOptions);
      world.open.push(backend);
      return backend;
    },
    /** A connected Twilio user of `flavor`; `clients` receives its SDK client. */
    async user(flavor: Flavor, identity: string, clients: SdkClient[] = []): Promise<ContractUser> {
      const user = new ContractUser(this.backend(flavor, clients), identity);
      await user.backend.connect(tokenFor(identity), user.emit);
      return user;
    },
    /** A connected `localBackend` user: acts on the same data through the local protocol. */
    async local(identity: string): Promise<ContractUser> {
      const backend = localBackend({ url: server().url, WebSocket });
      world.open.push(backend);
      const user = new ContractUser(backend, identity);
      await backend.connect(tokenFor(identity), user.emit);
      return user;
    },
  };
}

/** Waits until `condition` holds, polling (bounded by the test's timeout). */
export async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The ChatError a promise rejects with (fails the test if it resolves or rejects otherwise). */
export async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  const error = await promise.then(
    () => new Error('expected a rejection, but it resolved'),
    (e: unknown) => e,
  );
  if (!(error instanceof ChatError)) throw error;
  return error;
}

/**
 * How a promise settles within `ms`: 'resolved', 'rejected', or 'pending' (it hangs). For calls
 * that must not hang; the bound only turns a hang into a readable failure.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => 'resolved',
        () => 'rejected',
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The events of a type a user received. */
export function eventsOf<T extends BackendEvent['type']>(user: ContractUser, type: T) {
  return user.events.filter((e): e is Extract<BackendEvent, { type: T }> => e.type === type);
}

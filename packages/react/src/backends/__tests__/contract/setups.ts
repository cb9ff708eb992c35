import { createLocalServer, type LocalServerOptions } from '@chat/local-server';
import { createAccessToken, devKeys } from '@chat/server';
import WebSocket from 'ws';
import { localBackend } from '../../local.js';
import { twilioChat } from '../../twilioChat.js';
import { twilioConversations } from '../../twilioConversations.js';
import type { ContractHarness } from './ContractUser.js';

// Each backend's contract harness, shared by its contract suites (backendContract.ts and
// backendContract.manage.ts): the real local server on port 0, in memory.

const startServer = (options: Partial<LocalServerOptions> = {}) =>
  createLocalServer({
    port: 0,
    dbPath: ':memory:',
    keys: devKeys,
    logger: { info() {}, error() {} },
    ...options,
  });

const mintToken = (identity: string) => createAccessToken(devKeys, identity, { ttlSeconds: 3600 });

/** The local backend on the local server. */
export async function localSetup(): Promise<ContractHarness> {
  const server = await startServer();
  return {
    makeBackend: () => localBackend({ url: server.url, WebSocket }),
    mintToken,
    publicGroups: true,
    cleanup: () => server.close(),
  };
}

/** The local server's Twilio emulator, for the real SDKs. */
const emulator = () => startServer({ twilio: { httpCacheIntervalMs: 5000, subscriptionDeliveryMs: 200 } });

/** The real `twilio-chat` SDK on the emulator. */
export async function twilioChatSetup(): Promise<ContractHarness> {
  const server = await emulator();
  const clientOptions = server.twilioClientOptions!;
  return {
    makeBackend: () => twilioChat({ clientOptions }),
    mintToken,
    publicGroups: true,
    cleanup: () => server.close(),
  };
}

/** The real `@twilio/conversations` SDK on the emulator. */
export async function twilioConversationsSetup(): Promise<ContractHarness> {
  const server = await emulator();
  const clientOptions = server.twilioClientOptions!;
  return {
    makeBackend: () => twilioConversations({ clientOptions }),
    mintToken,
    publicGroups: false,
    cleanup: () => server.close(),
  };
}

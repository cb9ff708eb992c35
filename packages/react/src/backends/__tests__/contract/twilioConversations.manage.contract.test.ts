// @vitest-environment node
import { createLocalServer } from '@chat/local-server';
import { createAccessToken, devKeys } from '@chat/server';
import { twilioConversations } from '../../twilioConversations.js';
import { describeBackendManageContract } from './backendContract.manage.js';

describeBackendManageContract('twilioConversations (real SDK on the Twilio emulator)', async () => {
  const server = await createLocalServer({
    port: 0,
    dbPath: ':memory:',
    keys: devKeys,
    logger: { info() {}, error() {} },
    twilio: { httpCacheIntervalMs: 5000, subscriptionDeliveryMs: 200 },
  });
  const clientOptions = server.twilioClientOptions!;
  return {
    makeBackend: () => twilioConversations({ clientOptions }),
    mintToken: (identity) => createAccessToken(devKeys, identity, { ttlSeconds: 3600 }),
    publicGroups: false,
    cleanup: () => server.close(),
  };
});

// @vitest-environment node
import { createLocalServer } from '@chat/local-server';
import { createAccessToken, devKeys } from '@chat/server';
import WebSocket from 'ws';
import { localBackend } from '../../local.js';
import { describeBackendManageContract } from './backendContract.manage.js';

describeBackendManageContract('localBackend (real local server)', async () => {
  const server = await createLocalServer({
    port: 0,
    dbPath: ':memory:',
    keys: devKeys,
    logger: { info() {}, error() {} },
  });
  return {
    makeBackend: () => localBackend({ url: server.url, WebSocket }),
    mintToken: (identity) => createAccessToken(devKeys, identity, { ttlSeconds: 3600 }),
    publicGroups: true,
    cleanup: () => server.close(),
  };
});

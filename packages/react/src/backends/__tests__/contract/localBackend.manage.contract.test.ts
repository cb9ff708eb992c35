// @vitest-environment node
import { describeBackendManageContract } from './backendContract.manage.js';
import { localSetup } from './setups.js';

describeBackendManageContract('localBackend (real local server)', localSetup);

// @vitest-environment node
import { describeBackendContract } from './backendContract.js';
import { localSetup } from './setups.js';

describeBackendContract('localBackend (real local server)', localSetup);

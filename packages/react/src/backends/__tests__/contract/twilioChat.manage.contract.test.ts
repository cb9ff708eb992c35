// @vitest-environment node
import { describeBackendManageContract } from './backendContract.manage.js';
import { twilioChatSetup } from './setups.js';

describeBackendManageContract('twilioChat (real SDK on the Twilio emulator)', twilioChatSetup);

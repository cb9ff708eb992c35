// @vitest-environment node
import { describeBackendContract } from './backendContract.js';
import { twilioChatSetup } from './setups.js';

describeBackendContract('twilioChat (real SDK on the Twilio emulator)', twilioChatSetup);

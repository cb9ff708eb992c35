// @vitest-environment node
import { describeBackendContract } from './backendContract.js';
import { twilioConversationsSetup } from './setups.js';

describeBackendContract('twilioConversations (real SDK on the Twilio emulator)', twilioConversationsSetup);

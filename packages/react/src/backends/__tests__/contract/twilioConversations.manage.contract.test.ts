// @vitest-environment node
import { describeBackendManageContract } from './backendContract.manage.js';
import { twilioConversationsSetup } from './setups.js';

describeBackendManageContract(
  'twilioConversations (real SDK on the Twilio emulator)',
  twilioConversationsSetup,
);

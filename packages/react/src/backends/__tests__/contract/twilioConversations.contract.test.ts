// @vitest-environment node
import { fakeConversationsClient } from '../../twilio/__tests__/fakes/FakeConversationsClient.js';
import { FakeService } from '../../twilio/__tests__/fakes/FakeService.js';
import { twilioConversations } from '../../twilioConversations.js';
import { describeBackendContract } from './backendContract.js';

// indexStep 3: Twilio message indexes can have gaps, and nothing may count with them.
describeBackendContract('twilioConversations (SDK fakes)', async () => {
  const service = new FakeService(
    { uniqueNameTaken: 50353, alreadyMember: 50433, notFound: 50350 },
    { indexStep: 3 },
  );
  const Client = fakeConversationsClient(service);
  return {
    makeBackend: () => twilioConversations({ Client }),
    mintToken: (identity) => service.mintToken(identity),
    publicGroups: false,
    cleanup: async () => {},
  };
});

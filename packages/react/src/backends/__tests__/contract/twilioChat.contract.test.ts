// @vitest-environment node
import { fakeChatClient } from '../../twilio/__tests__/fakes/FakeChatClient.js';
import { FakeService } from '../../twilio/__tests__/fakes/FakeService.js';
import { twilioChat } from '../../twilioChat.js';
import { describeBackendContract } from './backendContract.js';

// indexStep 2: Twilio message indexes can have gaps, and nothing may count with them.
describeBackendContract('twilioChat (SDK fakes)', async () => {
  const service = new FakeService(
    { uniqueNameTaken: 50307, alreadyMember: 50404, notFound: 50300 },
    { indexStep: 2 },
  );
  const Client = fakeChatClient(service);
  return {
    makeBackend: () => twilioChat({ Client }),
    mintToken: (identity) => service.mintToken(identity),
    publicGroups: true,
    cleanup: async () => {},
  };
});

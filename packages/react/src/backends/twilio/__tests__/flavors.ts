import type { BackendEvent, ChatBackend } from '../../../core/backend.js';
import { ContractUser } from '../../__tests__/contract/ContractUser.js';
import { twilioChat } from '../../twilioChat.js';
import { twilioConversations } from '../../twilioConversations.js';
import { FakeChatClient, fakeChatClient } from './fakes/FakeChatClient.js';
import { FakeClientBase } from './fakes/FakeClientBase.js';
import { FakeConversationsClient, fakeConversationsClient } from './fakes/FakeConversationsClient.js';
import type { FakeCodes, FakeService } from './fakes/FakeService.js';

/** One Twilio backend on its fakes, for the trap tests that hold for both SDKs. */
export interface Flavor {
  name: string;
  codes: FakeCodes;
  /** A backend on `service`; `options` go to the backend factory. */
  backend(service: FakeService, options?: { connectTimeoutMs?: number }): ChatBackend;
  /** The client class the fakes construct. */
  ClientClass: typeof FakeConversationsClient | typeof FakeChatClient;
}

export const flavors: Flavor[] = [
  {
    name: 'twilioConversations',
    codes: { uniqueNameTaken: 50353, alreadyMember: 50433, notFound: 50350 },
    backend: (service, options) =>
      twilioConversations({ Client: fakeConversationsClient(service), ...options }),
    ClientClass: FakeConversationsClient,
  },
  {
    name: 'twilioChat',
    codes: { uniqueNameTaken: 50307, alreadyMember: 50404, notFound: 50300 },
    backend: (service, options) => twilioChat({ Client: fakeChatClient(service), ...options }),
    ClientClass: FakeChatClient,
  },
];

/** Connects `identity` on a fresh backend; returns the user and the fake SDK client behind it. */
export async function connectFake(
  flavor: Flavor,
  service: FakeService,
  identity: string,
): Promise<{ user: ContractUser; client: FakeClientBase }> {
  const backend = flavor.backend(service);
  const user = new ContractUser(backend, identity);
  await backend.connect(service.mintToken(identity), user.emit);
  const client = FakeClientBase.instances.at(-1);
  if (!client) throw new Error('no fake client was constructed');
  return { user, client };
}

/** Lets queued microtasks (the fakes' deliveries) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

/** Events of a type. */
export function eventsOf<T extends BackendEvent['type']>(user: ContractUser, type: T) {
  return user.events.filter((e): e is Extract<BackendEvent, { type: T }> => e.type === type);
}

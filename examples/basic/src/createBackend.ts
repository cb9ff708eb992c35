import type { ChatBackend } from '@chat/react';
import { config } from './config';
import { twilioClientOptions } from './twilioClientOptions';

let loading: Promise<ChatBackend> | null = null;

/**
 * The backend the config names, loaded lazily (the page downloads only the adapter and SDK it
 * uses) and once, for `<ChatProvider backend={loadBackend}>`. The app reaches it only through the
 * store (`useChat()`): adding a member too, which is how it works on every backend alike.
 */
export function loadBackend(): Promise<ChatBackend> {
  loading ??= load().catch((error: unknown) => {
    loading = null; // a chunk that failed to load may load on the next try
    throw error;
  });
  return loading;
}

async function load(): Promise<ChatBackend> {
  // Twilio backends: the local server's Twilio emulator when configured (no account), else Twilio.
  const clientOptions = config.twilioEmulatorUrl ? twilioClientOptions(config.twilioEmulatorUrl) : undefined;
  switch (config.backend) {
    case 'twilio-conversations': {
      const { twilioConversations } = await import('@chat/react/twilio-conversations');
      return twilioConversations({ clientOptions });
    }
    case 'twilio-chat': {
      const { twilioChat } = await import('@chat/react/twilio-chat');
      return twilioChat({ clientOptions });
    }
    default: {
      const { localBackend } = await import('@chat/react/local');
      return localBackend({ url: config.localChatUrl });
    }
  }
}

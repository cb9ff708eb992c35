import type { ChatProviderProps } from '@chat/react';
import { config } from './config';

/**
 * The backend the config names, loaded lazily: the app bundles only the adapter (and SDK) it uses.
 */
export function createBackend(): NonNullable<ChatProviderProps['backend']> {
  if (config.backend === 'twilio-conversations') {
    return () => import('@chat/react/twilio-conversations').then((m) => m.twilioConversations());
  }
  return () => import('@chat/react/local').then((m) => m.localBackend({ url: config.localChatUrl }));
}

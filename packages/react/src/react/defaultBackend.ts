import type { ChatBackend } from '../core/backend.js';

/**
 * The backend `<ChatProvider>` uses when none is given: Twilio Conversations, loaded with a dynamic
 * import on the first `connect`, so the SDK is never in the main chunk of an app that does not use it.
 */
export const defaultBackend = (): Promise<ChatBackend> =>
  import('../backends/twilioConversations.js').then((module) => module.twilioConversations());

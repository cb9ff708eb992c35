// The two backends bench/twilio.mjs connects with, bundled from @chat/react's TypeScript source
// (the Twilio adapter with the real @twilio/conversations SDK inside the bundle).
export { localBackend } from '@chat/react/local';
export { twilioConversations } from '@chat/react/twilio-conversations';

// Copy this file to src/config.ts (git-ignored) and fill in your Twilio values, or set the
// environment variables TWILIO_ACCOUNT_SID, TWILIO_API_KEY, TWILIO_API_SECRET and
// TWILIO_SERVICE_SID instead (the environment wins). Without either, the server starts with
// local development keys that only @chat/local-server accepts.

/** Twilio console → Account info: `AC` + 32 hex characters. */
export const twilioAccountSid = 'ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';
/** Twilio console → API keys & tokens: `SK` + 32 hex characters. */
export const twilioApiKey = 'SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';
/** The secret shown once when the API key is created. Keep it out of git and logs. */
export const twilioApiSecret = 'your-api-key-secret';
/** Twilio console → Chat/Conversations services: `IS` + 32 hex characters. */
export const serviceSid = 'ISxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';

/**
 * The four Twilio values that mint a chat access token — the seed's `config.ts` names in
 * brackets. All four come from the Twilio console (Account info, API keys, Chat services).
 */
export interface ChatKeys {
  /** Account SID (`twilioAccountSid`): `AC` + 32 hex characters; becomes the token's `sub`. */
  readonly accountSid: string;
  /** API key SID (`twilioApiKey`): `SK` + 32 hex characters; becomes the token's `iss`. */
  readonly apiKey: string;
  /** API key secret (`twilioApiSecret`): the HMAC-SHA256 signing secret. Never log it. */
  readonly apiSecret: string;
  /** Chat service SID (`serviceSid`): `IS` + 32 hex characters; the token's `grants.chat.service_sid`. */
  readonly serviceSid: string;
}

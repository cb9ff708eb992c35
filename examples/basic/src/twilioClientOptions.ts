/** The part of both Twilio SDKs' `ClientOptions` that points them at a server. */
export interface TwilioEndpoints {
  Twilsock: { uri: string };
  apiUri: string;
  cdsUri: string;
}

/**
 * The client options that point the Twilio SDKs at `@chat/local-server`'s Twilio emulator at
 * `url`: the same object `createLocalServer()` resolves as `twilioClientOptions` (built in
 * packages/local-server/src/twilio/TwilioFrontDoor.ts), derived here because the app only knows
 * the server's URL. twilsock on `/v3/wsconnect`, REST calls on the server itself, Sync on `/cds`.
 */
export function twilioClientOptions(url: string): TwilioEndpoints {
  const base = url.replace(/\/+$/, '');
  return {
    Twilsock: { uri: `${base.replace(/^http/, 'ws')}/v3/wsconnect` },
    apiUri: base,
    cdsUri: `${base}/cds`,
  };
}

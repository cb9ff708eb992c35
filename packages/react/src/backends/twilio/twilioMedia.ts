import type { BackendMedia } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';

/** What both Twilio SDKs' `Media` objects offer. */
export interface TwilioMediaLike {
  readonly sid: string;
  readonly filename: string | null;
  readonly contentType: string;
  readonly size: number;
  getContentTemporaryUrl(): Promise<string | null>;
}

/**
 * A Twilio SDK's media object (twilio-chat or Conversations) as the store sees it. `filename`
 * is the message's `filename` attribute, which wins: twilio-chat uploads from Node without a file
 * name (Twilio then stores none, the local emulator "file").
 */
export function twilioMedia(media: TwilioMediaLike, filename: string | null = null): BackendMedia {
  return {
    sid: media.sid,
    filename: filename || media.filename || 'file',
    contentType: media.contentType,
    size: media.size,
    // A temporary URL, fetched on each call: Twilio's expire within minutes and cannot be cached.
    url: async () => {
      let url: string | null;
      try {
        url = await media.getContentTemporaryUrl();
      } catch (error) {
        throw ChatError.from(error, 'network');
      }
      if (!url)
        throw new ChatError(
          'backend',
          `media ${JSON.stringify(media.sid)}: Twilio returned no URL; try again.`,
        );
      return url;
    },
  };
}

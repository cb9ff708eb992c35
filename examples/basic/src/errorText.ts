import { config } from './config';

const HINTS: Record<string, string> = {
  channel_not_found:
    config.backend === 'twilio-conversations'
      ? 'No group by that name that you belong to: on Twilio Conversations a member adds you (Members → Add).'
      : 'No group has that name. Check the spelling, or create it.',
  channel_exists: 'A channel with that name exists already. Join it, or pick another name.',
  not_connected: 'Not connected right now; try again in a moment.',
};

/** A sentence for a failed action: a hint for the codes a person can act on, else the error's message. */
export function errorText(reason: unknown): string {
  const code = (reason as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && HINTS[code]) return HINTS[code];
  return reason instanceof Error ? reason.message : String(reason);
}

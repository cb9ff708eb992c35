import { config } from './config';

/** Sentences per error code, for the codes a person can act on. */
export type Hints = Partial<Record<string, string>>;

const HINTS: Hints = {
  channel_not_found:
    config.backend === 'twilio-conversations'
      ? 'No group by that name that you belong to: on Twilio Conversations a member adds you (Members → Add).'
      : 'No group has that name. Check the spelling, or create it.',
  channel_exists: 'A channel with that name exists already. Join it, or pick another name.',
  not_connected: 'Not connected right now; try again in a moment.',
  forbidden: 'You are not allowed to do that.',
  not_member: 'You are no longer a member of this channel.',
  network: 'The chat service could not be reached; try again in a moment.',
};

/**
 * A sentence for a failed action: the action's own hint for the error's code (`hints`, say what
 * "forbidden" means for removing a member), else a general one, else the error's message. Production
 * builds of the store drop its how-to-fix texts (the message is then the bare code), so every code a
 * person can cause has a sentence here.
 */
export function errorText(reason: unknown, hints: Hints = {}): string {
  const code = (reason as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const hint = hints[code] ?? HINTS[code];
    if (hint) return hint;
  }
  return reason instanceof Error ? reason.message : String(reason);
}

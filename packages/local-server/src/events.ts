import type { WireChannel, WireMessage } from './wire.js';

/**
 * Everything the chat domain announces, as one typed union. The handlers publish these through
 * the hub; each front door turns them into its own wire: the local protocol sends them as they
 * are (README, "Events"), the Twilio emulator (`twilio/`) turns them into Sync events and typing
 * notifications.
 */
export type DomainEvent =
  | { event: 'channelAdded'; channel: WireChannel }
  | { event: 'channelUpdated'; channel: WireChannel }
  | { event: 'channelRemoved'; name: string }
  | { event: 'memberJoined'; channel: string; identity: string }
  | { event: 'memberLeft'; channel: string; identity: string }
  | { event: 'messageAdded'; message: WireMessage }
  | { event: 'typingStarted'; channel: string; identity: string }
  | { event: 'typingEnded'; channel: string; identity: string }
  | { event: 'readHorizonChanged'; channel: string; lastReadIndex: number; unreadCount: number };

/** Who a published event is for: one user's connections, or the members of a channel. */
export type Audience =
  | { readonly user: string }
  | { readonly members: ReadonlySet<string> | readonly string[]; readonly except?: string };

/**
 * One published event as the hub hands it to every recipient. The local encoding is made by the
 * first local connection that needs it and shared by all the others (one `JSON.stringify` per
 * event, whatever the fan-out).
 */
export interface EventEnvelope {
  readonly event: DomainEvent;
  /** The local protocol's frame, cached by {@link localFrame}. */
  frame?: Buffer;
}

/** The local protocol's encoding of an event, made once per envelope. */
export function localFrame(envelope: EventEnvelope): Buffer {
  envelope.frame ??= Buffer.from(JSON.stringify(envelope.event));
  return envelope.frame;
}

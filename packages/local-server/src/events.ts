import type { WireEvent } from '@chat/protocol';

/**
 * Everything the chat domain announces: the wire's event union (`@chat/protocol`) less the
 * per-connection token warning. The handlers publish these through the hub; each front door turns
 * them into its own wire: the local protocol sends them as they are (README, "Events"), the Twilio
 * emulator (`twilio/`) turns them into Sync events and typing notifications.
 */
export type DomainEvent = Exclude<WireEvent, { event: 'tokenAboutToExpire' }>;

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

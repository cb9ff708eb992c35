import type { ServerContext } from '../context.js';
import type { McsStaging } from './McsStaging.js';
import type { SyncProjection } from './SyncProjection.js';
import type { TwilioData } from './TwilioData.js';
import type { ResolvedTwilioOptions } from './twilioOptions.js';

/** The faults a test can switch on (README, "Twilio emulator: faults"); see `TwilioFaults`. */
export interface FaultState {
  /** Refuse every new `init` with 401 and this Twilio error code. */
  refuseInit: 20101 | 20104 | null;
  /** New sockets are accepted and never answered. */
  hang: boolean;
  /** twilio-chat's refusals carry the Conversations API's codes (50353, 50433, 50350…). */
  conversationsCodes: boolean;
  /** REST and Sync requests (`message` frames) get no answer at all. */
  ignoreRequests: boolean;
  /** How many requests were left unanswered so. */
  ignored: number;
}

/** What every Twilio connection and request of one server shares. */
export interface FrontDoorState {
  readonly ctx: ServerContext;
  readonly data: TwilioData;
  readonly projection: SyncProjection;
  readonly staging: McsStaging;
  readonly options: ResolvedTwilioOptions;
  readonly faults: FaultState;
}

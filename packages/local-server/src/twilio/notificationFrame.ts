import { encodeFrame } from './frame.js';

let sequence = 0;

/**
 * A server-to-client `notification` frame (twilsock emits it as `message(message_type, payload)`
 * to Sync and to the typing indicator). The client acknowledges every frame by its id, so one
 * encoded frame can go to many sockets: ids only need to be unique per connection.
 */
export function notificationFrame(messageType: string, payload: object): Buffer {
  sequence += 1;
  return encodeFrame(
    {
      method: 'notification',
      id: `TM${sequence.toString(16).padStart(32, '0')}`,
      message_type: messageType,
      payload_type: 'application/json',
    },
    payload,
  );
}

/** The notification type Sync applies as strictly ordered (its router, `SYNC_NOTIFICATION_TYPE`). */
export const SYNC_EVENT = 'twilio.sync.event';

/** The notification type of a remote participant's typing signal. */
export const TYPING_INDICATOR = 'twilio.ipmsg.typing_indicator';

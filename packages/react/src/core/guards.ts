import type { ChannelEntry, ChatCore } from './ChatCore.js';
import type { Connection } from './connection.js';
import { ChatError } from './errors.js';
import { validateChannelName } from './validate.js';

/** Checks every method runs before touching the backend: see {@link createGuards}. */
export interface Guards {
  /** The connected backend, or a `not_connected` ChatError. */
  backend(): NonNullable<ReturnType<Connection['backend']>>;
  /** The entry of a channel the user belongs to, or `invalid_argument` / `channel_not_found`. */
  channel(name: unknown): ChannelEntry;
}

/** Shared guards of the store's methods: refuse before anything is sent, with a message that says why. */
export function createGuards(core: ChatCore, connection: Connection): Guards {
  return {
    backend() {
      const backend = connection.backend();
      if (!backend) {
        throw new ChatError(
          'not_connected',
          process.env.NODE_ENV === 'production'
            ? ''
            : core.user === null
              ? 'Not connected: call connect(getToken, user) first and wait for it to resolve.'
              : `Not connected yet: wait for connect(getToken, "${core.user}") to resolve.`,
        );
      }
      return backend;
    },
    channel(name) {
      const entry = core.entries.get(validateChannelName(name));
      if (!entry) {
        throw new ChatError(
          'channel_not_found',
          process.env.NODE_ENV !== 'production'
            ? `"${String(name)}" is not one of this user's channels; create it or join it first.`
            : '',
        );
      }
      return entry;
    },
  };
}

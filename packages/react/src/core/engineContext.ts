import type { CreateChatStoreOptions } from './api.js';
import type { ChatBackend } from './backend.js';
import type { ChannelEntry, ChatCore } from './ChatCore.js';
import { ChatError } from './errors.js';
import type { Notifier } from './notifier.js';
import { type RetryPolicy, retryPolicy } from './retry.js';
import type { Session } from './session.js';
import { validateChannelName } from './validate.js';
import { createSleeper, type Sleeper } from './waits.js';

/**
 * What every part of the engine shares. `createEngine` makes one per store and builds the parts in
 * dependency order, each from this context and the parts built before it, so no part refers to one
 * that does not exist yet: the backend is reached through the session here, not through the
 * connection, which is built last.
 */
export interface EngineContext {
  /** The state every part reads and changes. */
  readonly core: ChatCore;
  readonly notifier: Notifier;
  readonly options: CreateChatStoreOptions;
  /** The retry policy of `getToken`, the first connection and the resync (`options.retry`, filled in). */
  readonly policy: RetryPolicy;
  /** Every cancellable wait of the engine: the connection cancels them all when a session ends. */
  readonly sleeper: Sleeper;
  /** The open session; only the connection sets it. */
  session: Session | null;
  /** The backend once connected (calls may still fail while reconnecting), else null. */
  backend(): ChatBackend | null;
  /** The backend only while the state is `connected` (the send queue waits otherwise). */
  ready(): ChatBackend | null;
  /** The backend of the open session once loaded, even before it is connected (its events start early). */
  loaded(): ChatBackend | null;
  /** The connected backend, or a `not_connected` ChatError: every method checks this first. */
  requireBackend(): ChatBackend;
  /** The entry of a channel the user belongs to, or `invalid_argument` / `channel_not_found`. */
  requireChannel(name: unknown): ChannelEntry;
}

/** A context with no session yet: the connection opens one on `connect`. */
export function createEngineContext(
  core: ChatCore,
  notifier: Notifier,
  options: CreateChatStoreOptions,
): EngineContext {
  const ctx: EngineContext = {
    core,
    notifier,
    options,
    policy: retryPolicy(options.retry),
    sleeper: createSleeper(),
    session: null,
    backend() {
      const s = ctx.session;
      return s?.ready && !s.closed ? s.backend : null;
    },
    ready: () => (core.connectionState === 'connected' ? ctx.backend() : null),
    loaded() {
      const s = ctx.session;
      return s && !s.closed ? s.loaded : null;
    },
    requireBackend() {
      const backend = ctx.backend();
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
    requireChannel(name) {
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
  return ctx;
}

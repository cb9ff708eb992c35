import type { ChatBackend } from './backend.js';
import { ChatError } from './errors.js';

/** One connection attempt for one user, from `connect` until `disconnect` (or another user). */
export interface Session {
  readonly user: string;
  /** What `connect` returns for this user (the same promise for repeated calls). */
  promise: Promise<void>;
  /** Set once `backend.connect` resolved. */
  backend: ChatBackend | null;
  /** Set once the backend is loaded (before `connect`: events may come while it connects). */
  loaded: ChatBackend | null;
  /** True once the first channel list is in the store: methods may use the backend. */
  ready: boolean;
  /** True after the connection dropped, until the resync after it is back. */
  reconnecting: boolean;
  /** The token refresh in flight (at most one). */
  refreshing: Promise<void> | null;
  /** A token event that came before `backend` was set (expiry within the connect): run it then. */
  deferredRefresh: 'expiring' | 'expired' | null;
  closed: boolean;
  /** Rejects with `not_connected` when the session is closed: waits race against it. */
  readonly cancelled: Promise<never>;
  /** Closes the session: every wait racing against `cancelled` ends. */
  close(): void;
}

/** The `not_connected` error of a session closed before it was ready. */
const closedError = (user: string): ChatError =>
  new ChatError(
    'not_connected',
    process.env.NODE_ENV !== 'production'
      ? `The connection of "${user}" was closed (disconnect(), or connect() with another user) before it was ready.`
      : '',
  );

/** A new open session for `user`. */
export function createSession(user: string): Session {
  let cancel!: (error: ChatError) => void;
  const cancelled = new Promise<never>((_, reject) => {
    cancel = reject;
  });
  cancelled.catch(() => {}); // nobody has to listen
  const session: Session = {
    user,
    promise: Promise.resolve(),
    backend: null,
    loaded: null,
    ready: false,
    reconnecting: false,
    refreshing: null,
    deferredRefresh: null,
    closed: false,
    cancelled,
    close() {
      if (session.closed) return;
      session.closed = true;
      cancel(closedError(user));
    },
  };
  return session;
}

/** Throws the session's `not_connected` error when it has been closed. */
export function assertOpen(session: Session): void {
  if (session.closed) {
    throw closedError(session.user);
  }
}

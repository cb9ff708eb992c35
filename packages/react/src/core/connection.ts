import type { BackendEvent, ChatBackend } from './backend.js';
import type { EngineContext } from './engineContext.js';
import { ChatError } from './errors.js';
import { loadOnce } from './loadOnce.js';
import { backoffDelay } from './retry.js';
import { assertOpen, createSession, type Session } from './session.js';
import type { StateUpdates } from './stateUpdates.js';
import { createTokens } from './tokens.js';
import { validateIdentity } from './validate.js';

/** The connection lifecycle: see {@link createConnection}. */
export interface Connection {
  connect(getToken: () => Promise<string>, user: string): Promise<void>;
  disconnect(): Promise<void>;
}

/** The parts built before the connection that it drives. */
export interface ConnectionParts {
  /** Where backend events go (every event but the connection's and the token's own). */
  updates: Pick<StateUpdates, 'apply' | 'clearTyping' | 'replaceChannels'>;
  /** Catches up after a reconnect, then declares the store connected (see resync.ts). */
  resync(session: Session, backend: ChatBackend): Promise<void>;
  /** Connected (first time or after a resync): send what waits. */
  onReady(): void;
  /** Session over: drop timers and queued work. */
  onClose(): void;
}

const DENIED = new Set(['token_invalid', 'token_expired', 'forbidden']);

/**
 * connect/disconnect. `connect` is idempotent per user: the same user gets the same promise (so
 * StrictMode's double effect connects once); another user closes the first session first.
 * `disconnect` is deferred by one task so that StrictMode's unmount/remount (a disconnect followed at
 * once by a connect for the same user) keeps the one live connection instead of opening a second.
 * After a drop and reconnect, `resync` catches up (see resync.ts).
 */
export function createConnection(ctx: EngineContext, parts: ConnectionParts): Connection {
  const { core, policy, sleeper } = ctx;
  const { updates } = parts;
  const tokens = createTokens(ctx);
  let closing: { timer: ReturnType<typeof setTimeout>; done: Promise<void>; resolve(): void } | null = null;

  // A backend chunk that failed to load may load on the next connect.
  const loadBackend = loadOnce((): Promise<ChatBackend> => {
    const input = ctx.options.backend;
    return typeof input === 'function' ? input() : Promise.resolve(input);
  }, 'backend');

  const close = async (s: Session): Promise<void> => {
    s.close();
    if (ctx.session === s) ctx.session = null;
    parts.onClose();
    sleeper.cancel();
    await s.promise.catch(() => {}); // disconnect only after connect settled: no half-open socket
    await s.backend?.shutdown().catch(() => {});
    if (ctx.session === null) core.reset();
  };

  const emit = (s: Session, event: BackendEvent): void => {
    if (ctx.session !== s || s.closed) return;
    if (event.type === 'tokenAboutToExpire' || event.type === 'tokenExpired') {
      tokens.refresh(s, event.type === 'tokenExpired');
    } else if (event.type !== 'connectionStateChanged') {
      updates.apply(event);
    } else if (s.ready && s.backend) {
      // Before ready, the connect() call itself reports how the first connection went.
      const { state } = event;
      if (state === 'connected') {
        if (s.reconnecting) {
          s.reconnecting = false;
          void parts.resync(s, s.backend);
        } else core.set({ connectionState: 'connected' });
      } else {
        // Whoever was typing may have stopped meanwhile, and a restarted server forgot them: no
        // typingEnded will come for them.
        updates.clearTyping();
        s.reconnecting = true;
        if (state === 'connecting' || state === 'reconnecting') core.set({ connectionState: 'reconnecting' });
        else core.set({ connectionState: state, error: event.error ?? core.error });
      }
    }
  };

  const open = async (s: Session): Promise<void> => {
    core.reset();
    core.set({ user: s.user, connectionState: 'connecting' });
    let backend: ChatBackend | null = null;
    try {
      backend = await Promise.race([loadBackend(), s.cancelled]);
      s.loaded = backend;
      let identity = '';
      for (let attempt = 0; ; attempt++) {
        const token = await tokens.fetch(s);
        assertOpen(s);
        try {
          identity = (await backend.connect(token, (event) => emit(s, event))).identity;
          break;
        } catch (caught) {
          const error = ChatError.from(caught, 'network');
          const again = error.code === 'network' || (error.code === 'token_expired' && attempt === 0);
          if (!again || attempt + 1 >= policy.attempts || s.closed) throw error;
          if (error.code === 'network') {
            await Promise.race([sleeper.sleep(backoffDelay(policy.backoff, attempt)), s.cancelled]);
          }
        }
      }
      s.backend = backend;
      assertOpen(s);
      if (s.deferredRefresh) tokens.refresh(s, s.deferredRefresh === 'expired');
      if (identity !== s.user) {
        throw new ChatError(
          'token_invalid',
          process.env.NODE_ENV !== 'production'
            ? `The access token is for "${identity}", but connect() was called with user "${s.user}". ` +
                'Mint the token for the identity you connect as.'
            : '',
        );
      }
      updates.replaceChannels(await backend.listChannels());
      assertOpen(s);
      s.ready = true;
      core.set({ connectionState: 'connected' });
      parts.onReady();
    } catch (caught) {
      const error = ChatError.from(caught);
      if (ctx.session === s && !s.closed) {
        s.close();
        ctx.session = null;
        await backend?.shutdown().catch(() => {});
        core.set({ connectionState: DENIED.has(error.code) ? 'denied' : 'error', error });
      }
      throw error;
    }
  };

  return {
    connect(getToken, user) {
      try {
        validateIdentity(user);
        if (typeof getToken !== 'function') {
          throw new ChatError(
            'invalid_argument',
            process.env.NODE_ENV !== 'production'
              ? 'connect() needs a function that resolves an access token.'
              : '',
          );
        }
      } catch (error) {
        return Promise.reject(error);
      }
      tokens.getToken = getToken;
      const previous = ctx.session;
      const pendingClose = closing;
      if (pendingClose) {
        clearTimeout(pendingClose.timer);
        closing = null;
      }
      if (previous && previous.user === user) {
        pendingClose?.resolve();
        return previous.promise;
      }
      const s = createSession(user);
      ctx.session = s;
      s.promise = (async () => {
        if (previous) await close(previous);
        pendingClose?.resolve();
        assertOpen(s);
        await open(s);
      })();
      return s.promise;
    },
    disconnect() {
      const s = ctx.session;
      if (!s) {
        // A failed connect leaves its user and error on screen until disconnect() clears them.
        if (!closing && core.user !== null) core.reset();
        return closing?.done ?? Promise.resolve();
      }
      if (closing) return closing.done;
      let resolve!: () => void;
      const done = new Promise<void>((r) => {
        resolve = r;
      });
      const timer = setTimeout(() => {
        closing = null;
        void close(s).then(resolve);
      }, 0);
      closing = { timer, done, resolve };
      return done;
    },
  };
}

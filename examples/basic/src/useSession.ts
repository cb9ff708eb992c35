import { useChat } from '@chat/react';
import { useCallback, useEffect, useState } from 'react';
import { fetchToken } from './fetchToken';

const IDENTITY_KEY = 'chat-example.identity';

/** Who is signed in in this tab, and the actions that change it. */
export interface Session {
  identity: string | null;
  /** Why the last sign-in failed, for the sign-in form. */
  error: string | null;
  signIn(identity: string): void;
  signOut(): void;
}

/**
 * Keeps the signed-in name in sessionStorage (per tab, so two tabs can be two people) and connects
 * the store as that name; a reload therefore reconnects as the same person.
 */
export function useSession(): Session {
  const connect = useChat((chat) => chat.connect);
  const disconnect = useChat((chat) => chat.disconnect);
  const [identity, setIdentity] = useState(() => sessionStorage.getItem(IDENTITY_KEY));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!identity) return;
    // `connect` is idempotent for the same name, so StrictMode's second effect run is harmless.
    connect(() => fetchToken(identity), identity).catch((reason: unknown) => {
      sessionStorage.removeItem(IDENTITY_KEY);
      setIdentity(null);
      setError(reason instanceof Error ? reason.message : String(reason));
    });
  }, [identity, connect]);

  const signIn = useCallback((name: string) => {
    sessionStorage.setItem(IDENTITY_KEY, name);
    setError(null);
    setIdentity(name);
  }, []);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(IDENTITY_KEY);
    setIdentity(null);
    void disconnect();
  }, [disconnect]);

  return { identity, error, signIn, signOut };
}

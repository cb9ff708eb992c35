import { type ReactNode, useEffect, useRef } from 'react';
import type { ChatStore } from '../core/api.js';
import type { BackendInput } from '../core/backend.js';
import { createChatStore } from '../core/createChatStore.js';
import { ChatContext } from './ChatContext.js';
import { defaultBackend } from './defaultBackend.js';

/** Props of {@link ChatProvider}. */
export interface ChatProviderProps {
  /**
   * Where chat lives: `localBackend({ url })`, `twilioConversations()`, `twilioChat()`, or a function
   * that loads one. Default: Twilio Conversations, loaded on the first `connect` (never in the main
   * chunk). Read once, when the provider mounts; to switch backends, remount it (change its `key`).
   */
  backend?: BackendInput;
  /**
   * An existing store (from `createChatStore`) to share, e.g. with code outside React. Its owner
   * disconnects it; the provider only does so for the store it created itself.
   */
  store?: ChatStore;
  children?: ReactNode;
}

/**
 * Makes the chat available to `useChat` and `chatConnect` below it. It holds the store, never state,
 * so a change re-renders only the components whose selection changed.
 *
 * On unmount it disconnects the store it created. The teardown waits one task and is cancelled by a
 * remount, so React StrictMode's mount → unmount → mount leaves exactly one live connection.
 */
export function ChatProvider({ backend, store, children }: ChatProviderProps): ReactNode {
  const owned = useRef<ChatStore | null>(null);
  if (!store && !owned.current) owned.current = createChatStore({ backend: backend ?? defaultBackend });
  const value = store ?? (owned.current as ChatStore);
  const teardown = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const mine = owned.current;
    if (!mine || mine !== value) return;
    if (teardown.current !== null) {
      clearTimeout(teardown.current);
      teardown.current = null;
    }
    return () => {
      teardown.current = setTimeout(() => {
        teardown.current = null;
        void mine.getState().disconnect();
      }, 0);
    };
  }, [value]);

  return <ChatContext.Provider value={value}>{children}</ChatContext.Provider>;
}

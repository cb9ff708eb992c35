import { useContext } from 'react';
import type { ChatStore } from '../core/api.js';
import { ChatContext } from './ChatContext.js';

/**
 * The store of the nearest `<ChatProvider>`. Throws, saying how to fix it, outside a provider.
 * Internal: components read state through `useChat`.
 */
export function useChatStore(hook = 'useChat'): ChatStore {
  const store = useContext(ChatContext);
  if (!store) {
    throw new Error(
      process.env.NODE_ENV !== 'production'
        ? `${hook}() was called outside a <ChatProvider>. Wrap the part of the app that uses the chat in ` +
            '<ChatProvider> (from @chat/react), e.g. <ChatProvider backend={localBackend({ url })}><App /></ChatProvider>.'
        : `${hook}() outside <ChatProvider>`,
    );
  }
  return store;
}

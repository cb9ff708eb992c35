/**
 * `@chat/react` as React Server Components see it (the `react-server` export condition, which
 * Next.js App Router and other RSC bundlers set): the headless store, without the React bindings,
 * since React on the server has no context, state or effects. `ChatProvider`, `useChat` and
 * `chatConnect` are stand-ins that throw with a message saying to use them in a `'use client'` file.
 */
import type { ChatProvider as ClientChatProvider } from './react/ChatProvider.js';
import type { chatConnect as clientChatConnect } from './react/chatConnect.js';
import { clientOnly } from './react/clientOnly.js';
import type { useChat as clientUseChat } from './react/useChat.js';

export type {
  ChatApi,
  ChatMethods,
  ChatProps,
  ChatState,
  ChatStore,
  CreateChatStoreOptions,
  MisspelledAliases,
  RetryOptions,
  SeedAliases,
} from './core/api.js';
export type {
  BackendChannel,
  BackendEvent,
  BackendInput,
  BackendMedia,
  BackendMessage,
  ChangesPage,
  ChangesQuery,
  ChannelChanges,
  ChatBackend,
  CreateChannelInput,
  HistoryPage,
  OutgoingFile,
  OutgoingMessage,
} from './core/backend.js';
export { createChatStore } from './core/createChatStore.js';
export { ChatError, type ChatErrorCode } from './core/errors.js';
export { readBy } from './core/readBy.js';
export type { Channel, ConnectionState, Message, MessageMedia } from './core/types.js';
export type { ChatProviderProps } from './react/ChatProvider.js';
export type { ConnectedProps } from './react/chatConnect.js';

export const ChatProvider: typeof ClientChatProvider = clientOnly('ChatProvider');
export const chatConnect: typeof clientChatConnect = clientOnly('chatConnect');
export const useChat: typeof clientUseChat = clientOnly('useChat');

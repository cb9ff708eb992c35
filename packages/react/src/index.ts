'use client';
// The directive marks where the React bindings start for React Server Components (Next.js App
// Router): this entry is client code. Server components get src/reactServer.ts instead (the
// `react-server` export condition), where createChatStore works and the bindings say to use them
// in a 'use client' file. Vite keeps an entry's directive at the top of its chunk (dist/index.js;
// scripts/bundle-check.mjs checks it).

/**
 * `@chat/react`: a headless chat store (`createChatStore`) and its React binding (`ChatProvider`,
 * `useChat`, `chatConnect`). Backends are subpath exports (`@chat/react/local`,
 * `@chat/react/twilio-conversations`, `@chat/react/twilio-chat`), so an app bundles only the one it uses.
 */
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
export { ChatProvider, type ChatProviderProps } from './react/ChatProvider.js';
export { type ConnectedProps, chatConnect } from './react/chatConnect.js';
export { useChat } from './react/useChat.js';

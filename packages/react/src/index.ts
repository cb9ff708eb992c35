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

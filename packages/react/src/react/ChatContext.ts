import { createContext } from 'react';
import type { ChatStore } from '../core/api.js';

/**
 * Holds the store, never its state: a state change re-renders only the components whose selector
 * result changed, not every consumer of the context.
 */
export const ChatContext = createContext<ChatStore | null>(null);
ChatContext.displayName = 'ChatContext';

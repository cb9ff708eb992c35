// Run with `node --conditions=react-server`, as React Server Components (Next.js App Router) resolve
// packages: @chat/react must import (React has no createContext there), its store must work, and
// its React bindings must say to use them in a 'use client' file.
import assert from 'node:assert/strict';
import { ChatProvider, createChatStore, useChat } from '@chat/react';
import { localBackend } from '@chat/react/local';

const store = createChatStore({ backend: localBackend({ url: 'http://localhost:3002' }) });
assert.equal(store.getState().connectionState, 'disconnected');
assert.throws(() => ChatProvider({}), /runs in client components only.*'use client'/);
assert.throws(() => useChat(), /runs in client components only/);
console.log('react-server: @chat/react imports, createChatStore works, the bindings point to a client file');

// Server rendering (react-dom/server, as Next.js renders client components on the server): the
// bindings render the store's initial state, and nothing connects.
import assert from 'node:assert/strict';
import { ChatProvider, chatConnect, useChat } from '@chat/react';
import { localBackend } from '@chat/react/local';
import { createElement as h, StrictMode } from 'react';
import { renderToString } from 'react-dom/server';

function Status() {
  const state = useChat((chat) => chat.connectionState);
  return h('p', null, `state: ${state}`);
}
const Count = chatConnect(function Count({ privateChannels }) {
  return h('p', null, `chats: ${privateChannels.length}`);
});
const backend = localBackend({ url: 'http://localhost:3002' });
const html = renderToString(h(StrictMode, null, h(ChatProvider, { backend }, h(Status), h(Count))));
assert.equal(html, '<p>state: disconnected</p><p>chats: 0</p>');
console.log(`ssr: ${html}`);

import { memo, type ReactNode, StrictMode, useEffect, useState } from 'react';
import WebSocket from 'ws';
import { localBackend } from '../src/backends/local.js';
import { recordingWebSocket, tokenFor } from '../src/core/__tests__/harness.js';
import { type ChatBackend, ChatProvider, useChat } from '../src/index.js';

export { codeOf, connected, onCleanup, startServer, tokenFor, until } from '../src/core/__tests__/harness.js';

// Updates here come from real sockets, outside any act() scope; waitFor/findBy wait for them.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

/** The local backend for the test server, over real `ws` sockets; `ops` records what was sent. */
export function backendFor(url: string, ops?: string[]): ChatBackend {
  return localBackend({
    url,
    WebSocket: ops ? recordingWebSocket(ops) : WebSocket,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
  });
}

/** Connects as `user` the way an app does: in an effect, with an inline getToken. */
export function Connect({ user }: { user: string }): null {
  const connect = useChat((chat) => chat.connect);
  // An inline arrow: a new function on every render. The effect runs after every render and calls
  // connect again each time, which must neither reconnect nor open a second connection.
  const getToken = async () => tokenFor(user);
  useEffect(() => {
    connect(getToken, user).catch(() => {});
  });
  return null;
}

/** One user's app: a provider on its own backend, connected, inside StrictMode. */
export function UserApp({
  url,
  user,
  ops,
  children,
}: {
  url: string;
  user: string;
  ops?: string[];
  children?: ReactNode;
}) {
  const [backend] = useState(() => backendFor(url, ops));
  return (
    <StrictMode>
      <ChatProvider backend={backend}>
        <Connect user={user} />
        {children}
      </ChatProvider>
    </StrictMode>
  );
}

/** Equal when both arrays hold the same items in the same order. */
export const sameItems = <T,>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/** A chat UI: channel rows with unread badges, the open channel's messages. */
export function ChatScreen(): ReactNode {
  const names = useChat(
    (chat) => [...chat.privateChannels, ...chat.groupChannels].map((c) => c.name),
    sameItems,
  );
  const state = useChat((chat) => chat.connectionState);
  return (
    <div>
      <p>state: {state}</p>
      <ul aria-label="channels">
        {names.map((name) => (
          <ChannelRow key={name} name={name} />
        ))}
      </ul>
      <Messages />
    </div>
  );
}

/** One channel's row: re-renders only when that channel changes. */
export const ChannelRow = memo(function ChannelRow({ name }: { name: string }) {
  const channel = useChat((chat) => chat.channels[name]);
  const open = useChat((chat) => chat.setCurrentChannel);
  if (!channel) return null;
  return (
    <li>
      <button type="button" onClick={() => open(name)}>
        {name}
      </button>
      <span data-testid={`unread-${name}`}>{channel.unreadCount}</span>
    </li>
  );
});

/** The open channel's messages. */
export function Messages(): ReactNode {
  const messages = useChat((chat) => chat.messages);
  return (
    <ol aria-label="messages">
      {messages.map((m) => (
        <li key={m.id}>
          {m.author}: {m.body}
          {m.media ? ` [${m.media.filename}]` : ''} ({m.status})
        </li>
      ))}
    </ol>
  );
}

/** Hands the chat API of the enclosing provider to the test (methods are stable). */
export function Capture({ into }: { into: { current: ReturnType<typeof useChat> | null } }): null {
  into.current = useChat();
  return null;
}

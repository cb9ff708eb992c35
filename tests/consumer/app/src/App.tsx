import { type ChatProps, ChatProvider, chatConnect, useChat } from '@chat/react';
import { type FormEvent, useState } from 'react';
import { backend, getToken } from './chatConfig.ts';

/** A whole chat in one screen: sign in, open a 1:1 chat, send and read, with unread counts. */
export function App() {
  return (
    <ChatProvider backend={backend}>
      <SignIn />
    </ChatProvider>
  );
}

function SignIn() {
  const connect = useChat((chat) => chat.connect);
  const state = useChat((chat) => chat.connectionState);
  const [user, setUser] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    setUser(name);
    connect(() => getToken(name), name).catch((failure: unknown) => setError(String(failure)));
  };
  return (
    <main>
      <p data-testid="state">{state}</p>
      {error !== null && <p role="alert">{error}</p>}
      {user === null ? (
        <form onSubmit={submit}>
          <input name="name" aria-label="your name" />
          <button type="submit">Sign in</button>
        </form>
      ) : (
        <ConnectedChat />
      )}
    </main>
  );
}

function Chat({
  privateChannels,
  currentChannel,
  messages,
  createPrivateChannel,
  setCurrentChannel,
  sendMessage,
}: ChatProps) {
  const [peer, setPeer] = useState('');
  const [text, setText] = useState('');
  const open = (event: FormEvent) => {
    event.preventDefault();
    void createPrivateChannel(peer).then((channel) => setCurrentChannel(channel.name));
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (currentChannel === null) return;
    void sendMessage(currentChannel.name, text);
    setText('');
  };
  return (
    <>
      <form onSubmit={open}>
        <input aria-label="chat with" value={peer} onChange={(event) => setPeer(event.target.value)} />
        <button type="submit">Open chat</button>
      </form>
      <ul aria-label="chats">
        {privateChannels.map((channel) => (
          <li key={channel.name}>
            <button type="button" onClick={() => setCurrentChannel(channel.name)}>
              {channel.name} ({channel.unreadCount})
            </button>
          </li>
        ))}
      </ul>
      {currentChannel !== null && (
        <section aria-label={`chat ${currentChannel.name}`}>
          <ol aria-label="messages">
            {messages.map((message) => (
              <li key={message.id} data-status={message.status}>
                {message.author}: {message.body}
              </li>
            ))}
          </ol>
          <form onSubmit={send}>
            <input aria-label="new message" value={text} onChange={(event) => setText(event.target.value)} />
            <button type="submit">Send</button>
          </form>
        </section>
      )}
    </>
  );
}
const ConnectedChat = chatConnect(Chat);

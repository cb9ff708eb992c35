// The two UIs measured against each other. Both render the same markup: a list that selects the
// channel names, one row per channel (name, unread count, last message), and for the burst scenario
// the open channel's messages. Every component counts its renders in `counters.renders`.
import { ChatProvider, useChat } from '@chat/react';
import { memo, StrictMode, useCallback } from 'react';
import { NaiveChatProvider, useNaiveChat } from '../naive/NaiveChatProvider.jsx';

export const counters = { renders: 0 };

const sameNames = (a, b) => a.length === b.length && a.every((name, i) => name === b[i]);
const selectNames = (chat) => Object.keys(chat.channels);
const selectMessages = (chat) => chat.messages;

function RowView({ channel }) {
  return (
    <li data-unread={channel.unreadCount}>
      <b>{channel.friendlyName}</b> <span>{channel.unreadCount}</span> <i>{channel.lastMessage?.body}</i>
    </li>
  );
}

function PaneView({ messages }) {
  return (
    <ol id="pane">
      {messages.map((m) => (
        <li key={m.id} data-index={m.index}>
          {m.author}: {m.body}
        </li>
      ))}
    </ol>
  );
}

// @chat/react: each row selects only its own channel; the list selects the names.
const OursRow = memo(function OursRow({ name }) {
  const channel = useChat(useCallback((chat) => chat.channels[name], [name]));
  counters.renders++;
  return <RowView channel={channel} />;
});

function OursList() {
  const names = useChat(selectNames, sameNames);
  counters.renders++;
  return (
    <ul id="list">
      {names.map((name) => (
        <OursRow key={name} name={name} />
      ))}
    </ul>
  );
}

function OursPane() {
  const messages = useChat(selectMessages);
  counters.renders++;
  return <PaneView messages={messages} />;
}

function OursApp({ pane }) {
  counters.renders++;
  return (
    <>
      <OursList />
      {pane ? <OursPane /> : null}
    </>
  );
}

/** @chat/react's UI over an existing store. */
export function oursTree(store, { pane }) {
  return (
    <StrictMode>
      <ChatProvider store={store}>
        <OursApp pane={pane} />
      </ChatProvider>
    </StrictMode>
  );
}

// The naive store: every component consumes the one context that holds the whole state.
const NaiveRow = memo(function NaiveRow({ name }) {
  const chat = useNaiveChat();
  counters.renders++;
  return <RowView channel={chat.channels[name]} />;
});

function NaiveList() {
  const chat = useNaiveChat();
  counters.renders++;
  return (
    <ul id="list">
      {Object.keys(chat.channels).map((name) => (
        <NaiveRow key={name} name={name} />
      ))}
    </ul>
  );
}

function NaivePane() {
  const chat = useNaiveChat();
  counters.renders++;
  return <PaneView messages={chat.messages} />;
}

function NaiveApp({ pane }) {
  counters.renders++;
  return (
    <>
      <NaiveList />
      {pane ? <NaivePane /> : null}
    </>
  );
}

const countRender = () => {
  counters.renders++;
};

/** The naive store's UI; `apiRef.current` receives its methods. */
export function naiveTree(backend, apiRef, { pane }) {
  return (
    <StrictMode>
      <NaiveChatProvider backend={backend} apiRef={apiRef} onRender={countRender}>
        <NaiveApp pane={pane} />
      </NaiveChatProvider>
    </StrictMode>
  );
}

// @vitest-environment jsdom
import { cleanup, render, waitFor } from '@testing-library/react';
import { Component, StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ChatProps, ChatProvider, chatConnect, createChatStore, useChat } from '../src/index.js';
import { backendFor, Connect, startServer, tokenFor, UserApp } from './helpers.js';

afterEach(cleanup);

function Orphan() {
  useChat();
  return null;
}

const seen: unknown[] = [];
function Names() {
  const names = useChat(
    (chat) => Object.keys(chat.channels),
    (a, b) => a.join() === b.join(),
  );
  seen.push(names);
  return <p>{names.join(',') || 'none'}</p>;
}

function Last() {
  return <p>last: {useChat((chat) => chat.channels.general?.lastMessage?.body ?? 'none')}</p>;
}

const received: ChatProps[] = [];
function Inbox(props: ChatProps & { title: string; user: string }) {
  received.push(props);
  return (
    <p>
      {props.title}: {props.user} {props.connectionState}
    </p>
  );
}
Inbox.Header = 'static member';

class Legacy extends Component<ChatProps> {
  static displayName = 'LegacyInbox';
  override render() {
    return <p>legacy sees {this.props.user ?? 'nobody'}</p>;
  }
}

function State() {
  const state = useChat((chat) => chat.connectionState);
  const user = useChat((chat) => chat.user);
  return (
    <p>
      {user ?? 'nobody'} is {state}
    </p>
  );
}

describe('ChatProvider and useChat', () => {
  it('StrictMode double mount and re-renders with an inline getToken make one connection', async () => {
    const server = await startServer();
    const ops: string[] = [];
    const ui = (
      <UserApp url={server.url} user="alice" ops={ops}>
        <State />
      </UserApp>
    );
    const { findByText, rerender } = render(ui);
    await findByText('alice is connected');
    for (let i = 0; i < 5; i++) rerender(ui);
    await findByText('alice is connected');
    expect(ops.filter((op) => op === 'hello')).toHaveLength(1);
  });

  it('shuts the backend down on unmount, never during StrictMode remounts', async () => {
    const server = await startServer();
    const backend = backendFor(server.url);
    const shutdown = vi.spyOn(backend, 'shutdown');
    const { findByText, unmount } = render(
      <StrictMode>
        <ChatProvider backend={backend}>
          <Connect user="alice" />
          <State />
        </ChatProvider>
      </StrictMode>,
    );
    await findByText('alice is connected');
    expect(shutdown).not.toHaveBeenCalled();
    unmount();
    await waitFor(() => expect(shutdown).toHaveBeenCalledTimes(1));
  });

  it('shares a given store and leaves its lifecycle to its owner', async () => {
    const server = await startServer();
    const store = createChatStore({ backend: backendFor(server.url) });
    await store.getState().connect(async () => tokenFor('alice'), 'alice');
    const { findByText, unmount } = render(
      <StrictMode>
        <ChatProvider store={store}>
          <State />
        </ChatProvider>
      </StrictMode>,
    );
    await findByText('alice is connected');
    unmount();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.getState().connectionState).toBe('connected');
    await store.getState().disconnect();
  });

  it('throws outside a provider, saying to add <ChatProvider>', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() =>
      render(
        <StrictMode>
          <Orphan />
        </StrictMode>,
      ),
    ).toThrow(/outside a <ChatProvider>.*Wrap/);
    const Connected = chatConnect(() => null);
    expect(() =>
      render(
        <StrictMode>
          <Connected />
        </StrictMode>,
      ),
    ).toThrow(/<ChatProvider>/);
    spy.mockRestore();
  });

  it('with isEqual, an equal new selection keeps the old value and renders nothing', async () => {
    const server = await startServer();
    const store = createChatStore({ backend: backendFor(server.url) });
    await store.getState().connect(async () => tokenFor('alice'), 'alice');
    const { findByText } = render(
      <StrictMode>
        <ChatProvider store={store}>
          <Names />
          <Last />
        </ChatProvider>
      </StrictMode>,
    );
    await store.getState().createGroupChannel('general');
    await findByText('general');
    const before = seen.length;
    const last = seen.at(-1);
    await store.getState().sendMessage('general', 'changes channels, not their names');
    // The commit that shows the new last message is the one Names would have rendered in.
    await findByText('last: changes channels, not their names');
    expect(seen.length).toBe(before);
    expect(seen.at(-1)).toBe(last);
    await store.getState().disconnect();
  });
});

describe('chatConnect', () => {
  it('injects the whole API under the own props, named chatConnect(Name), keeping statics', async () => {
    const server = await startServer();
    const Connected = chatConnect(Inbox);
    expect(Connected.displayName).toBe('chatConnect(Inbox)');
    expect((Connected as unknown as { Header: string }).Header).toBe('static member');

    const { findByText } = render(
      <UserApp url={server.url} user="alice">
        <Connected title="Inbox" user="overridden" />
      </UserApp>,
    );
    await findByText('Inbox: overridden connected');
    const props = received.at(-1) as ChatProps;
    for (const name of [
      'channels',
      'privateChannels',
      'privatChannels',
      'currentChanel',
      'messages',
      'totalUnread',
    ]) {
      expect(props).toHaveProperty(name);
    }
    for (const name of [
      'connect',
      'createPrivateChannel',
      'createPrivatChannel',
      'getMessage',
      'sendMessage',
    ]) {
      expect(typeof (props as unknown as Record<string, unknown>)[name]).toBe('function');
    }
    expect(props.createPrivatChannel).toBe(props.createPrivateChannel);
  });

  it('works with class components', async () => {
    const server = await startServer();
    const Connected = chatConnect(Legacy);
    expect(Connected.displayName).toBe('chatConnect(LegacyInbox)');
    const { findByText } = render(
      <UserApp url={server.url} user="bob">
        <Connected />
      </UserApp>,
    );
    await findByText('legacy sees bob');
  });
});

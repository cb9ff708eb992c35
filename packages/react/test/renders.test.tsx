// @vitest-environment jsdom
import { cleanup, render, waitFor } from '@testing-library/react';
import { memo, useEffect } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChatApi, useChat } from '../src/index.js';
import { Capture, connected, sameItems, startServer, UserApp } from './helpers.js';

afterEach(cleanup);

/** Commits per component, counted by an effect with no deps (StrictMode double renders do not count). */
const commits = new Map<string, number>();
function useCommitCount(id: string): void {
  useEffect(() => {
    commits.set(id, (commits.get(id) ?? 0) + 1);
  });
}

const Row = memo(function Row({ name }: { name: string }) {
  useCommitCount(`row ${name}`);
  const channel = useChat((chat) => chat.channels[name]);
  return (
    <li>
      {name}: <span data-testid={`unread ${name}`}>{channel?.unreadCount}</span>
    </li>
  );
});

function List() {
  useCommitCount('list');
  const names = useChat((chat) => Object.keys(chat.channels).sort(), sameItems);
  return (
    <ul>
      {names.map((name) => (
        <Row key={name} name={name} />
      ))}
    </ul>
  );
}

function Header() {
  useCommitCount('header');
  const current = useChat((chat) => chat.currentChannel);
  return <h1>{current?.name ?? 'no channel'}</h1>;
}

function Pane() {
  useCommitCount('messages');
  const messages = useChat((chat) => chat.messages);
  return (
    <ol>
      {messages.map((m) => (
        <li key={m.id}>{m.body}</li>
      ))}
    </ol>
  );
}

function Badge() {
  useCommitCount('badge');
  return <p data-testid="total">{useChat((chat) => chat.totalUnread)}</p>;
}

describe('render counts', () => {
  it('a message in channel B re-renders B’s row (and the total badge), nothing showing channel A', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    for (const name of ['A', 'B', 'C']) await alice.getState().createGroupChannel(name);

    const bob: { current: ChatApi | null } = { current: null };
    const { findByText, getByTestId } = render(
      <UserApp url={server.url} user="bob">
        <Capture into={bob} />
        <Header />
        <List />
        <Pane />
        <Badge />
      </UserApp>,
    );
    await findByText('no channel');
    await waitFor(() => expect(bob.current?.connectionState).toBe('connected'));
    for (const name of ['B', 'C', 'A']) await bob.current?.joinChannel(name); // A, joined last, is open
    await findByText('A', { selector: 'h1' });
    await alice.getState().sendMessage('A', 'in A');
    await findByText('in A');
    expect(getByTestId('unread A').textContent).toBe('0');

    commits.clear();
    await alice.getState().sendMessage('B', 'in B');
    await waitFor(() => expect(getByTestId('unread B').textContent).toBe('1'));
    expect(Object.fromEntries(commits)).toEqual({ 'row B': 1, badge: 1 });
  });
});

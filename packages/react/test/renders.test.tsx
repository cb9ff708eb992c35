// @vitest-environment jsdom
import { cleanup, render, waitFor } from '@testing-library/react';
import { memo, useEffect } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChatApi, readBy, useChat } from '../src/index.js';
import { Capture, connected, sameItems, startServer, UserApp, until } from './helpers.js';

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

/** One message: its body and who read it; re-renders only when either changes. */
const MessageRow = memo(function MessageRow({ id }: { id: string }) {
  const message = useChat((chat) => chat.messages.find((m) => m.id === id));
  const seen = useChat((chat) => (message ? readBy(chat.currentChannel, message) : []), sameItems);
  useCommitCount(`row ${message?.body.split(',')[0]}`);
  return (
    <li>
      {message?.body} <span data-testid={`seen ${message?.index}`}>{seen.join(' ')}</span>
    </li>
  );
});

function MessageList() {
  useCommitCount('list');
  const ids = useChat((chat) => chat.messages.map((m) => m.id), sameItems);
  return (
    <ol>
      {ids.map((id) => (
        <MessageRow key={id} id={id} />
      ))}
    </ol>
  );
}

function Title() {
  useCommitCount('title');
  return <h1>{useChat((chat) => chat.currentChannel?.friendlyName ?? 'no channel')}</h1>;
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

  it('an edit re-renders the edited row, a read receipt the row it reached: nothing else', async () => {
    const server = await startServer();
    const alice = await connected(server.url, 'alice');
    const carol = await connected(server.url, 'carol');
    await alice.getState().createGroupChannel('team');
    await alice.getState().addMember('team', 'bob');
    await alice.getState().addMember('team', 'carol');
    alice.getState().setCurrentChannel('team');
    const sent = [];
    for (const body of ['m1', 'm2', 'm3']) sent.push(await alice.getState().sendMessage('team', body));
    await until(carol, (s) => s.channels.team?.lastMessage?.body === 'm3');
    await carol.getState().markRead('team');

    const bob: { current: ChatApi | null } = { current: null };
    const { findByText, findByTestId } = render(
      <UserApp url={server.url} user="bob">
        <Capture into={bob} />
        <Title />
        <MessageList />
        <Badge />
      </UserApp>,
    );
    await waitFor(() => expect(bob.current?.channels.team).toBeDefined());
    bob.current?.setCurrentChannel('team');
    await findByText('m3');
    await waitFor(async () => expect((await findByTestId('seen 2')).textContent).toBe('bob carol'));

    commits.clear();
    await alice.getState().editMessage(sent[1]!.id, 'm2, edited');
    await findByText('m2, edited');
    expect(Object.fromEntries(commits)).toEqual({ 'row m2': 1 });

    const m4 = await alice.getState().sendMessage('team', 'm4');
    await findByText('m4');
    await waitFor(() => expect(bob.current?.channels.team?.lastReadIndexes.bob).toBe(m4.index));
    commits.clear();
    await carol.getState().markRead('team');
    await waitFor(async () => expect((await findByTestId('seen 3')).textContent).toBe('bob carol'));
    expect(Object.fromEntries(commits)).toEqual({ 'row m4': 1 });
  });
});

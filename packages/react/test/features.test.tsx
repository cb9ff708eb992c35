// @vitest-environment jsdom
import { cleanup, fireEvent, render, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatApi } from '../src/index.js';
import { Capture, ChatScreen, startServer, UserApp } from './helpers.js';

afterEach(cleanup);

type Handle = { current: ChatApi | null };

/** Renders one user's screen; returns its DOM queries and its chat API. */
async function user(url: string, name: string) {
  const api: Handle = { current: null };
  const { container } = render(
    <UserApp url={url} user={name}>
      <Capture into={api} />
      <ChatScreen />
    </UserApp>,
  );
  const screen = within(container);
  await screen.findByText('state: connected');
  return { screen, chat: () => api.current as ChatApi };
}

describe('the seed feature list, three users at once (StrictMode)', () => {
  it('1:1 chat, group chat, text, file, inviting a group member into 1:1, unread per channel', async () => {
    const server = await startServer();
    const alice = await user(server.url, 'alice');
    const bob = await user(server.url, 'bob');
    const carol = await user(server.url, 'carol');

    // Group chat: alice creates it, bob and carol join.
    await alice.chat().createGroupChannel('team', 'the team');
    await bob.chat().joinChannel('team');
    await carol.chat().joinChannel('team');
    await alice.screen.findByRole('button', { name: 'team' });

    // 1:1 chat: bob opens one with alice; alice sees it appear without reloading.
    await bob.chat().createPrivateChannel('alice');
    await alice.screen.findByRole('button', { name: 'alice#bob' });

    // Text messages raise unread counts per channel.
    await alice.chat().sendMessage('team', 'hello team');
    await alice.chat().sendMessage('alice#bob', 'hi bob');
    await alice.chat().sendMessage('alice#bob', 'are you there?');
    await waitFor(() => expect(bob.screen.getByTestId('unread-alice#bob').textContent).toBe('2'));
    // bob has team open (joinChannel made it current): its count stays 0 and the message shows.
    expect(bob.screen.getByTestId('unread-team').textContent).toBe('0');
    await bob.screen.findByText(/alice: hello team/);
    await waitFor(() => expect(carol.screen.getByTestId('unread-team').textContent).toBe('0'));

    // Opening the 1:1 channel reads it.
    fireEvent.click(bob.screen.getByRole('button', { name: 'alice#bob' }));
    await bob.screen.findByText(/alice: are you there\?/);
    await waitFor(() => expect(bob.screen.getByTestId('unread-alice#bob').textContent).toBe('0'));

    // A file.
    const form = new FormData();
    form.set('file', new File(['%PDF-1.4 tiny'], 'notes.pdf', { type: 'application/pdf' }));
    form.set('message', 'the notes');
    alice.chat().setCurrentChannel('alice#bob');
    await alice.chat().sendMessage('alice#bob', form);
    await bob.screen.findByText(/alice: the notes \[notes\.pdf\] \(sent\)/);
    // Uploaded from jsdom's File (no `stream()`), byte for byte.
    const media = bob.chat().messages.find((m) => m.media)?.media;
    expect(await (await fetch(await (media as NonNullable<typeof media>).url())).text()).toBe(
      '%PDF-1.4 tiny',
    );

    // Invite a member of the group into a 1:1 chat: alice picks carol from the team's members.
    const member = alice.chat().channels.team?.members.find((m) => m === 'carol') as string;
    await alice.chat().createPrivateChannel(member);
    await carol.screen.findByRole('button', { name: 'alice#carol' });
    await alice.chat().sendMessage('alice#carol', 'a word, carol?');
    await waitFor(() => expect(carol.screen.getByTestId('unread-alice#carol').textContent).toBe('1'));
    expect(carol.chat().totalUnread).toBe(1);
  });
});

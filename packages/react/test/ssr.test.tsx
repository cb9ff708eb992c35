// @vitest-environment node
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatProvider, chatConnect, useChat } from '../src/index.js';

function Status() {
  const state = useChat((chat) => chat.connectionState);
  const unread = useChat((chat) => chat.totalUnread);
  const channels = useChat((chat) => chat.groupChannels);
  return <p>{`${state} / ${unread} unread / ${channels.length} channels`}</p>;
}

const Inbox = chatConnect(function Inbox(props: { messages: unknown[]; user: string | null }) {
  return <p>{`${props.user ?? 'nobody'} has ${props.messages.length} messages`}</p>;
});

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
  delete (globalThis as { document?: unknown }).document;
});

describe('server rendering', () => {
  it('importing the package touches no window or document', async () => {
    const touched: string[] = [];
    for (const name of ['window', 'document']) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name);
          return undefined;
        },
      });
    }
    vi.resetModules();
    const chat = await import('../src/index.js');
    chat.createChatStore({ backend: async () => Promise.reject(new Error('never loaded')) });
    expect(typeof chat.ChatProvider).toBe('function');
    expect(touched).toEqual([]);
  });

  it('renders with the server snapshot (disconnected, empty), without loading a backend', async () => {
    expect(typeof window).toBe('undefined');
    const loader = vi.fn();
    const html = renderToString(
      <StrictMode>
        <ChatProvider backend={loader}>
          <Status />
          <Inbox />
        </ChatProvider>
      </StrictMode>,
    );
    expect(html).toContain('disconnected / 0 unread / 0 channels');
    expect(html).toContain('nobody has 0 messages');
    expect(loader).not.toHaveBeenCalled();
    // The default backend (Twilio Conversations, a lazy import) is not loaded either.
    expect(
      renderToString(
        <ChatProvider>
          <Status />
        </ChatProvider>,
      ),
    ).toContain('disconnected');
  });
});

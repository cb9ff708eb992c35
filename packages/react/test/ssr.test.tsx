// @vitest-environment node
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatProvider, chatConnect, useChat } from '../src/index.js';

// Every Twilio module a render might pull in, recorded when it is requested: the adapter of the
// default backend (its lazy chunk) and both SDKs. Each still loads for real.
const requested = vi.hoisted(() => [] as string[]);
vi.mock('../src/backends/twilioConversations.js', async (importOriginal) => {
  requested.push('backends/twilioConversations');
  return importOriginal();
});
vi.mock('@twilio/conversations', async (importOriginal) => {
  requested.push('@twilio/conversations');
  return importOriginal();
});
vi.mock('twilio-chat', async (importOriginal) => {
  requested.push('twilio-chat');
  return importOriginal();
});

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
        <StrictMode>
          <ChatProvider>
            <Status />
          </ChatProvider>
        </StrictMode>,
      ),
    ).toContain('disconnected');
    await vi.dynamicImportSettled(); // an import the render started has been requested by now
    expect(requested).toEqual([]);
  });

  it('the check above sees the default backend when something loads it', async () => {
    requested.length = 0;
    const { defaultBackend } = await import('../src/react/defaultBackend.js');
    await defaultBackend();
    expect(requested).toContain('backends/twilioConversations');
  });
});

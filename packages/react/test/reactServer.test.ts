// @vitest-environment node
import { describe, expect, it } from 'vitest';
import * as client from '../src/index.js';
import * as server from '../src/reactServer.js';

// Issue 15: Next.js App Router server components import @chat/react through the `react-server`
// export condition (src/reactServer.ts). There the store works, and the React bindings, which
// need context and effects React does not have on the server, say where they belong.

describe('the react-server entry', () => {
  it('exports every value the main entry exports', () => {
    expect(Object.keys(server).sort()).toEqual(Object.keys(client).sort());
  });

  it('creates a working headless store', () => {
    const store = server.createChatStore({ backend: async () => Promise.reject(new Error('not loaded')) });
    expect(store.getState().connectionState).toBe('disconnected');
    expect(new server.ChatError('network', 'offline')).toBeInstanceOf(Error);
  });

  it("makes ChatProvider, useChat and chatConnect throw an error that says to use them in a 'use client' file", () => {
    const uses: [string, () => unknown][] = [
      ['ChatProvider', () => server.ChatProvider({})],
      ['useChat', () => server.useChat()],
      ['chatConnect', () => server.chatConnect(() => null)],
    ];
    for (const [name, use] of uses) {
      expect(use).toThrow(
        new RegExp(
          `^${name} from @chat/react runs in client components only.*starts with 'use client'.*Next\\.js App Router`,
        ),
      );
    }
  });
});

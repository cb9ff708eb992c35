import { useDebugValue, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ChatApi } from '../core/api.js';
import { useChatStore } from './useChatStore.js';

/** The memo of one selector: the last snapshot it saw and what it returned. */
type Memo<T> = { snapshot: ChatApi | null; selection: T };

/**
 * Reads the chat: state and stable methods.
 *
 * - `useChat()` returns the whole API and re-renders on every change (batched: at most once per frame).
 * - `useChat(selector, isEqual?)` returns `selector(api)` and re-renders only when that value changes
 *   (`Object.is`, or `isEqual`). Select the smallest thing you render, e.g. one channel's row:
 *   `useChat((chat) => chat.channels[name])`.
 *
 * Built on `useSyncExternalStore` (no tearing under concurrent rendering) with a server snapshot (the
 * store's state before any connection), so it renders on the server too. Throws outside `<ChatProvider>`.
 */
export function useChat(): ChatApi;
export function useChat<T>(selector: (chat: ChatApi) => T, isEqual?: (a: T, b: T) => boolean): T;
export function useChat<T>(selector?: (chat: ChatApi) => T, isEqual?: (a: T, b: T) => boolean): T | ChatApi {
  const store = useChatStore();
  // The value last rendered: with `isEqual`, a new but equal selection returns it (no re-render).
  const rendered = useRef<{ value: T } | null>(null);

  const [getSelection, getServerSelection] = useMemo(() => {
    if (!selector) return [store.getState, store.getInitialState] as unknown as [() => T, () => T];
    const select = (memo: Memo<T>, snapshot: ChatApi): T => {
      if (memo.snapshot === snapshot) return memo.selection;
      const next = selector(snapshot);
      const previous = memo.snapshot ? { value: memo.selection } : rendered.current;
      memo.snapshot = snapshot;
      memo.selection = previous && isEqual?.(previous.value, next) ? previous.value : next;
      return memo.selection;
    };
    const client: Memo<T> = { snapshot: null, selection: undefined as T };
    const server: Memo<T> = { snapshot: null, selection: undefined as T };
    return [() => select(client, store.getState()), () => select(server, store.getInitialState())];
  }, [store, selector, isEqual]);

  const value = useSyncExternalStore(store.subscribe, getSelection, getServerSelection);
  useEffect(() => {
    rendered.current = { value };
  }, [value]);
  useDebugValue(value);
  return value;
}

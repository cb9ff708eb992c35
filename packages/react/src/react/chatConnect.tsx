import { type ComponentType, memo, type NamedExoticComponent } from 'react';
import type { ChatApi } from '../core/api.js';
import { hoistStatics } from './hoistStatics.js';
import { useChat } from './useChat.js';

/** Props of a `chatConnect`ed component: its own props, minus what the chat API supplies (overridable). */
export type ConnectedProps<P> = Omit<P, keyof ChatApi> & Partial<ChatApi>;

/**
 * Injects the whole chat API (state and methods, including the seed's aliases) as props: the path
 * for class components and the seed's style. The component's own props win over the API's names.
 * The result is `React.memo`, named `chatConnect(Name)`, and keeps the component's static members.
 *
 * It re-renders on every chat change (like `useChat()` without a selector); for a component that
 * shows one slice, prefer `useChat(selector)`.
 *
 * @example
 * function Inbox(props: ChatProps) { return <ul>{props.groupChannels.map((c) => <li key={c.name}>{c.name}</li>)}</ul>; }
 * export default chatConnect(Inbox);
 */
export function chatConnect<P extends object>(
  Component: ComponentType<P>,
): NamedExoticComponent<ConnectedProps<P>> {
  function ChatConnected(props: ConnectedProps<P>) {
    const chat = useChat();
    const merged = { ...chat, ...props } as unknown as P;
    return <Component {...merged} />;
  }
  const name = Component.displayName || Component.name || 'Component';
  const Connected = memo(ChatConnected);
  Connected.displayName = `chatConnect(${name})`;
  return hoistStatics(Connected, Component);
}

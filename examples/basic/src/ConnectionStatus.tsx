import { useChat } from '@chat/react';

// "Offline" rather than "Disconnected", so that "Connected" appears in the line only when it is true.
const LABELS = {
  disconnected: 'Offline',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Connection lost, reconnecting…',
  denied: 'Access denied',
  error: 'Connection error',
} as const;

/** One line saying whether chat works right now, announced politely by screen readers. */
export function ConnectionStatus() {
  const state = useChat((chat) => chat.connectionState);
  const error = useChat((chat) => chat.error);
  const user = useChat((chat) => chat.user);
  const showError = error && state !== 'connected';
  return (
    <p role="status" className={`status status-${state}`}>
      <span className="dot" aria-hidden="true" />
      {LABELS[state]}
      {state === 'connected' && user ? ` as ${user}` : ''}
      {showError ? `: ${error.message}` : ''}
    </p>
  );
}

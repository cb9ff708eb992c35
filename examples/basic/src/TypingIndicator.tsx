import { useChat } from '@chat/react';

const NOBODY: string[] = [];

/** "bob is typing" under the messages; the line keeps its height so the layout does not jump. */
export function TypingIndicator({ channel }: { channel: string }) {
  const typists = useChat((chat) => chat.typing[channel] ?? NOBODY);
  const user = useChat((chat) => chat.user);
  const others = typists.filter((identity) => identity !== user);
  let text = '';
  if (others.length === 1) text = `${others[0]} is typing…`;
  else if (others.length > 1) text = `${others.join(', ')} are typing…`;
  return (
    <p className="typing" aria-live="polite">
      {text}
    </p>
  );
}

import { useChat } from '@chat/react';
import { useEffect, useRef } from 'react';

const CHANNEL_KEY = 'chat-example.channel';

/** Reopens, after a reload, the channel that was open in this tab, once the channel list has arrived. */
export function useRememberedChannel(): void {
  const current = useChat((chat) => chat.currentChannel?.name ?? null);
  const known = useChat((chat) => {
    const wanted = sessionStorage.getItem(CHANNEL_KEY);
    return wanted !== null && wanted in chat.channels ? wanted : null;
  });
  const setCurrentChannel = useChat((chat) => chat.setCurrentChannel);
  const restored = useRef(false);
  const opened = useRef(false);

  useEffect(() => {
    if (restored.current || !known) return;
    restored.current = true;
    if (current === null) setCurrentChannel(known);
  }, [known, current, setCurrentChannel]);

  useEffect(() => {
    // The initial null (before the restore) must not erase what is to be restored; a later one may.
    if (current !== null) {
      opened.current = true;
      sessionStorage.setItem(CHANNEL_KEY, current);
    } else if (opened.current) {
      sessionStorage.removeItem(CHANNEL_KEY);
    }
  }, [current]);
}

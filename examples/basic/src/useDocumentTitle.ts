import { useChat } from '@chat/react';
import { useEffect } from 'react';

const TITLE = 'Chat — @chat/react example';

/** Puts the total of unread messages in front of the page title, as "(3) Chat …", like mail apps do. */
export function useDocumentTitle(): void {
  const totalUnread = useChat((chat) => chat.totalUnread);
  useEffect(() => {
    document.title = totalUnread > 0 ? `(${totalUnread}) ${TITLE}` : TITLE;
  }, [totalUnread]);
}

import { type Channel, type Message, readBy, useChat } from '@chat/react';
import { Fragment, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { MessageItem } from './MessageItem';

const PAGE_SIZE = 30;
// How close (px) to an edge counts as "at" it: near the top loads older pages, near the bottom follows new messages.
const EDGE = 48;
const names = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** "Seen by bob", "Seen by bob and carol", …; "Seen by 4 people" past three. */
export function seenText(readers: string[]): string {
  return readers.length > 3 ? `Seen by ${readers.length} people` : `Seen by ${names.format(readers)}`;
}

/**
 * The newest message of `user`'s that someone else has read, and who: read receipts show under
 * that one only (those before it are read too, as horizons only move forward).
 */
function newestSeen(channel: Channel, messages: Message[], user: string | null) {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i] as Message;
    if (message.author !== user || message.status !== 'sent') continue;
    const readers = readBy(channel, message);
    if (readers.length > 0) return { id: message.id, text: seenText(readers) };
  }
  return null;
}

/**
 * The open channel's history. Scrolling to the top loads the previous page (anchor = oldest index − 1)
 * and keeps the view where it was; new messages scroll into view only if the reader is at the bottom.
 */
export function MessageList({ channel }: { channel: Channel }) {
  const messages = useChat((chat) => chat.messages);
  const user = useChat((chat) => chat.user);
  const getMessages = useChat((chat) => chat.getMessages);
  const scroller = useRef<HTMLDivElement>(null);
  const fromBottom = useRef<number | null>(null); // distance to the bottom before older messages were prepended
  const following = useRef(true);
  const requested = useRef<number | null>(null); // the anchor asked for last, so a page is never fetched twice
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Where the reader was when the channel opened (the store moves the horizon right after): others'
  // messages past it, up to the newest then, were unread, and "New messages" marks the first of them.
  // Messages arriving while the channel is open are read as they come, so they get no divider.
  const [opened] = useState(() => ({
    horizon: user === null ? undefined : channel.lastReadIndexes[user],
    newest: channel.lastMessage?.index ?? -1,
  }));

  const oldestIndex = messages.find((message) => message.index !== null)?.index ?? null;
  const canLoadOlder = channel.hasOlderMessages && oldestIndex !== null && oldestIndex > 0;
  const divider = useRef<HTMLLIElement>(null);
  const scrolledToDivider = useRef(false);

  // The first unread message, once what comes before it is loaded too (the oldest message loaded
  // may be unread with older unread ones above it: no divider until scrolling up loads them).
  const unread =
    opened.horizon === undefined
      ? -1 // this backend does not say how far the user had read
      : messages.findIndex(
          ({ index, author }) =>
            index !== null && index > (opened.horizon ?? -1) && index <= opened.newest && author !== user,
        );
  const firstUnread =
    unread > 0 || (unread === 0 && !channel.hasOlderMessages) ? messages[unread]?.id : undefined;
  const seen = newestSeen(channel, messages, user);

  const loadOlder = useCallback(async () => {
    const element = scroller.current;
    if (loading || !canLoadOlder || oldestIndex === null || !element) return;
    if (requested.current === oldestIndex - 1) return;
    requested.current = oldestIndex - 1;
    fromBottom.current = element.scrollHeight - element.scrollTop;
    setLoading(true);
    setError(null);
    try {
      await getMessages(channel.name, PAGE_SIZE, oldestIndex - 1);
    } catch (reason) {
      fromBottom.current = null;
      requested.current = null;
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setLoading(false);
    }
  }, [loading, canLoadOlder, oldestIndex, getMessages, channel.name]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || messages.length === 0) return;
    if (fromBottom.current !== null) {
      element.scrollTop = element.scrollHeight - fromBottom.current;
      fromBottom.current = null;
    } else if (divider.current && !scrolledToDivider.current) {
      // Opened with unread messages: reading starts at "New messages", not at the bottom.
      scrolledToDivider.current = true;
      const offset = divider.current.getBoundingClientRect().top - element.getBoundingClientRect().top;
      element.scrollTop += offset - EDGE;
      following.current = element.scrollHeight - element.scrollTop - element.clientHeight < EDGE;
    } else if (following.current || messages[messages.length - 1]?.author === user) {
      element.scrollTop = element.scrollHeight;
    }
    // A first page too short to scroll could never trigger the scroll handler: fill the view instead.
    if (element.scrollHeight <= element.clientHeight && canLoadOlder && !loading) void loadOlder();
  }, [messages, user, canLoadOlder, loading, loadOlder]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    following.current = element.scrollHeight - element.scrollTop - element.clientHeight < EDGE;
    if (element.scrollTop < EDGE) void loadOlder();
  }

  return (
    // Focusable, so that the keyboard scrolls the history even when it holds no button or link.
    <div
      className="messages"
      ref={scroller}
      onScroll={onScroll}
      role="log"
      aria-label="Messages"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the focus (WCAG 2.1.1)
      tabIndex={0}
    >
      {canLoadOlder && (
        <button type="button" className="link older" onClick={loadOlder} disabled={loading}>
          {loading ? 'Loading older messages…' : 'Load older messages'}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {messages.length === 0 && !loading && <p className="muted empty">No messages yet. Say hello!</p>}
      <ol>
        {messages.map((message) => (
          <Fragment key={message.id}>
            {message.id === firstUnread && (
              <li className="unread-divider" ref={divider}>
                <span>New messages</span>
              </li>
            )}
            <MessageItem
              message={message}
              mine={message.author === user}
              seen={seen?.id === message.id ? seen.text : null}
            />
          </Fragment>
        ))}
      </ol>
    </div>
  );
}

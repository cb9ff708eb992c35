import { type Message, useChat } from '@chat/react';
import { memo, useState } from 'react';
import { MediaAttachment } from './MediaAttachment';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * One message: author, time, body (always rendered as text, never as HTML), attachment, and its
 * delivery state; a failed one offers Retry, which resends it under the same id (stored once).
 */
export const MessageItem = memo(function MessageItem({ message, mine }: { message: Message; mine: boolean }) {
  const retryMessage = useChat((chat) => chat.retryMessage);
  const [retrying, setRetrying] = useState(false);

  async function retry() {
    setRetrying(true);
    // A second failure shows on the message itself again, so there is nothing more to report here.
    await retryMessage(message.id).catch(() => undefined);
    setRetrying(false);
  }

  return (
    <li className={`message${mine ? ' mine' : ''} ${message.status}`}>
      <div className="meta">
        <span className="author">{message.author}</span>
        <time dateTime={message.dateCreated.toISOString()}>{time.format(message.dateCreated)}</time>
      </div>
      {message.body && <p className="body">{message.body}</p>}
      {message.media && <MediaAttachment media={message.media} pending={message.status === 'pending'} />}
      {message.status === 'pending' && <span className="state">Sending…</span>}
      {message.status === 'failed' && (
        <span className="state failed">
          Not sent{message.error ? `: ${message.error.message}` : ''}{' '}
          <button type="button" className="link" onClick={retry} disabled={retrying}>
            Retry
          </button>
        </span>
      )}
    </li>
  );
});

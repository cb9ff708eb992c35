import { useChat } from '@chat/react';
import { type ChangeEvent, type FormEvent, type KeyboardEvent, useRef, useState } from 'react';
import { errorText } from './errorText';
import { PaperclipIcon } from './icons';

// Peers keep showing "is typing" for a few seconds after a signal, so one signal per second is plenty.
const TYPING_EVERY_MS = 1000;

/**
 * Text box, Send and Attach file. A send that fails later stays in the list as "failed" with Retry;
 * only input refused up front (too long, not connected to that channel) is reported here.
 */
export function Composer({ channel }: { channel: string }) {
  const sendMessage = useChat((chat) => chat.sendMessage);
  const setTyping = useChat((chat) => chat.setTyping);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const lastTyping = useRef(0);

  function send(message: string | FormData) {
    setError(null);
    sendMessage(channel, message).catch((reason: unknown) => {
      // Failed deliveries are shown on the message (with Retry); refused input never became one.
      if ((reason as { code?: unknown } | null)?.code === 'invalid_argument') setError(errorText(reason));
    });
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const body = text.trim();
    if (!body) return;
    setText('');
    send(body);
  }

  function onChange(event: ChangeEvent<HTMLTextAreaElement>) {
    setText(event.target.value);
    const now = Date.now();
    if (event.target.value && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      setTyping(channel);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends, Shift+Enter makes a new line, as in most chat apps.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  function onFiles(event: ChangeEvent<HTMLInputElement>) {
    for (const file of Array.from(event.target.files ?? [])) {
      const form = new FormData();
      form.append('file', file);
      send(form);
    }
    event.target.value = '';
  }

  return (
    <form className="composer" onSubmit={submit}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-row">
        <label className="attach" title="Attach file">
          <input type="file" className="visually-hidden" onChange={onFiles} aria-label="Attach file" />
          <PaperclipIcon />
        </label>
        <textarea
          aria-label="Message"
          placeholder="Write a message"
          rows={1}
          value={text}
          onChange={onChange}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" disabled={!text.trim()}>
          Send
        </button>
      </div>
    </form>
  );
}

import { useChat } from '@chat/react';
import { type ChangeEvent, type FormEvent, type KeyboardEvent, useState } from 'react';
import { errorText } from './errorText';
import { PaperclipIcon } from './PaperclipIcon';

// The limit every backend enforces on a text body (UTF-8 bytes), see packages/react/README.md "Errors".
const MAX_BODY_BYTES = 32 * 1024;
const encoder = new TextEncoder();

/** Text box, Send and Attach file (a chosen file is sent at once, as a media message). */
export function Composer({ channel }: { channel: string }) {
  const sendMessage = useChat((chat) => chat.sendMessage);
  const setTyping = useChat((chat) => chat.setTyping);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  function send(message: string | FormData) {
    setError(null);
    sendMessage(channel, message).catch((reason: unknown) => {
      // A delivery that fails shows on the message itself, with Retry. These refusals never become one.
      const code = (reason as { code?: unknown } | null)?.code;
      if (code === 'not_connected' || code === 'channel_not_found') setError(errorText(reason));
    });
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const body = text.trim();
    if (!body) return;
    // The store would refuse it too, but here the text stays in the box for the person to shorten.
    const bytes = encoder.encode(body).length;
    if (bytes > MAX_BODY_BYTES) {
      setError(
        `A message can be at most 32 KB; this one is ${Math.ceil(bytes / 1024)} KB. Shorten it or attach it as a file.`,
      );
      return;
    }
    setText('');
    send(body);
  }

  function onChange(event: ChangeEvent<HTMLTextAreaElement>) {
    setText(event.target.value);
    // Every keystroke may call it: the store sends at most one signal per channel every 2 s, and a
    // sent message starts that over, so typing right after sending shows at once.
    if (event.target.value) setTyping(channel);
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

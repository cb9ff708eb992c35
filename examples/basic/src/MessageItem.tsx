import { type Message, useChat } from '@chat/react';
import { type FormEvent, type KeyboardEvent, memo, useEffect, useRef, useState } from 'react';
import { DeleteMessageDialog } from './DeleteMessageDialog';
import { errorText } from './errorText';
import { MediaAttachment } from './MediaAttachment';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const encoder = new TextEncoder();
// The limit every backend enforces on a text body (UTF-8 bytes), as in Composer.
const MAX_BODY_BYTES = 32 * 1024;

const EDIT_HINTS = {
  forbidden: 'Only the author can edit a message.',
  invalid_argument: 'This message cannot be edited: it may have been deleted meanwhile.',
};

interface MessageItemProps {
  message: Message;
  mine: boolean;
  /** "Seen by bob" under the newest own message others have read; null elsewhere. */
  seen: string | null;
}

/**
 * One message: author, time, body (always rendered as text, never as HTML), attachment, and its
 * delivery state; a failed one offers Retry, which resends it under the same id (stored once). The
 * author's sent messages have "Edit message" (the body turns into a text box in place) and "Delete
 * message" (after a confirmation); an edited one says "(edited)".
 */
export const MessageItem = memo(function MessageItem({ message, mine, seen }: MessageItemProps) {
  const retryMessage = useChat((chat) => chat.retryMessage);
  const editMessage = useChat((chat) => chat.editMessage);
  const [retrying, setRetrying] = useState(false);
  const [draft, setDraft] = useState<string | null>(null); // the text being edited; null: not editing
  const [saving, setSaving] = useState(false);
  const [editError, setEditError] = useState<string | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const canChange = mine && message.status === 'sent';
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // Saved or cancelled: the keyboard focus goes back to "Edit message", where it came from.
  useEffect(() => {
    if (wasEditing.current && draft === null) editButton.current?.focus();
    wasEditing.current = draft !== null;
  }, [draft]);

  async function retry() {
    setRetrying(true);
    // A second failure shows on the message itself again, so there is nothing more to report here.
    await retryMessage(message.id).catch(() => undefined);
    setRetrying(false);
  }

  function startEditing() {
    setDraft(message.body);
    setEditError(null);
  }

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (draft === null || saving) return;
    const body = draft.trim();
    if (body === message.body) return setDraft(null);
    if (!body && !message.media) {
      return setEditError('A message needs some text. To take it back, delete it instead.');
    }
    const bytes = encoder.encode(body).length;
    if (bytes > MAX_BODY_BYTES) {
      return setEditError(`A message can be at most 32 KB; this one is ${Math.ceil(bytes / 1024)} KB.`);
    }
    setSaving(true);
    setEditError(null);
    try {
      await editMessage(message.id, body);
      setDraft(null);
    } catch (reason) {
      // The edited text stays in the box, to fix or copy.
      setEditError(errorText(reason, EDIT_HINTS));
    } finally {
      setSaving(false);
    }
  }

  function onEditKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      setDraft(null);
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void save();
    }
  }

  return (
    <li className={`message${mine ? ' mine' : ''} ${message.status}`}>
      <div className="meta">
        <span className="author">{message.author}</span>
        <time dateTime={message.dateCreated.toISOString()}>{time.format(message.dateCreated)}</time>
        {message.editedAt && (
          <span className="edited" title={`Edited ${dateTime.format(message.editedAt)}`}>
            (edited)
          </span>
        )}
        {canChange && draft === null && (
          <span className="message-actions">
            <button
              ref={editButton}
              type="button"
              className="link"
              aria-label="Edit message"
              onClick={startEditing}
            >
              Edit
            </button>
            <button
              type="button"
              className="link"
              aria-label="Delete message"
              onClick={() => setConfirmingDelete(true)}
            >
              Delete
            </button>
          </span>
        )}
      </div>
      {draft !== null ? (
        <form className="edit" onSubmit={save} aria-label="Edit message">
          <textarea
            aria-label="Message text"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onEditKeyDown}
            rows={Math.min(6, draft.split('\n').length + 1)}
            // biome-ignore lint/a11y/noAutofocus: the text the person asked to edit
            autoFocus
          />
          {editError && (
            <p className="error" role="alert">
              {editError}
            </p>
          )}
          <div className="edit-buttons">
            <button type="submit" className="small primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="small" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        message.body && <p className="body">{message.body}</p>
      )}
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
      {seen && <span className="state seen">{seen}</span>}
      {confirmingDelete && (
        <DeleteMessageDialog message={message} onClose={() => setConfirmingDelete(false)} />
      )}
    </li>
  );
});

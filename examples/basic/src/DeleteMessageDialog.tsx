import { type Message, useChat } from '@chat/react';
import { useEffect, useId, useRef, useState } from 'react';
import { errorText } from './errorText';

const DELETE_HINTS = {
  forbidden: 'Only the author can delete a message.',
  invalid_argument: 'This message cannot be deleted: it may have been deleted already.',
};

/**
 * "Delete this message?" as a modal alert dialog (the browser's <dialog>: focus stays inside, Escape
 * or Cancel closes it and the focus returns to "Delete message"). Delete takes the message back for everyone; a refusal shows in the dialog, which stays
 * open, so nothing happens that the person did not see.
 */
export function DeleteMessageDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const deleteMessage = useChat((chat) => chat.deleteMessage);
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const textId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      // On success the message leaves the list, and this dialog with it: the focus goes to the
      // composer rather than to nowhere.
      await deleteMessage(message.id);
      onClose();
      document.querySelector<HTMLTextAreaElement>('.composer textarea')?.focus();
    } catch (reason) {
      setError(errorText(reason, DELETE_HINTS));
      setBusy(false);
    }
  }

  const preview = message.body || message.media?.filename || '';
  return (
    <dialog
      ref={dialog}
      className="confirm"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onClose={onClose}
    >
      <h2 id={titleId}>Delete this message?</h2>
      <p id={textId}>
        It disappears for everyone in the channel. This cannot be undone.
        {preview && <q className="preview">{preview.length > 120 ? `${preview.slice(0, 120)}…` : preview}</q>}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        {/* biome-ignore lint/a11y/noAutofocus: the safe choice has the focus when the dialog opens */}
        <button type="button" onClick={() => dialog.current?.close()} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger-solid" onClick={confirm} disabled={busy}>
          {busy ? 'Deleting…' : 'Delete'}
        </button>
      </div>
    </dialog>
  );
}

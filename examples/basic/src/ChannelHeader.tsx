import { type Channel, useChat } from '@chat/react';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { channelLabel } from './channelLabel';
import { errorText } from './errorText';

const RENAME_HINTS = {
  invalid_argument: 'A name needs 1–256 characters (not only spaces); a description at most 4,096.',
  forbidden: 'Only members can rename this group.',
};

/**
 * The open channel's title and description. A group has "Rename", which turns both into a form in
 * place: Save sends what changed, Cancel (or Escape) puts the title back. Everyone sees the new name
 * at once; a refusal shows in the form with the text kept, to fix and save again.
 */
export function ChannelHeader({ channel }: { channel: Channel }) {
  const user = useChat((chat) => chat.user);
  const setCurrentChannel = useChat((chat) => chat.setCurrentChannel);
  const updateChannel = useChat((chat) => chat.updateChannel);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const title = channelLabel(channel, user);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // Saved or cancelled: the keyboard focus goes back to "Rename", where it came from.
  useEffect(() => {
    if (wasEditing.current && !editing) renameButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  function startEditing() {
    setName(channel.friendlyName || channel.name);
    setDescription(channel.description);
    setError(null);
    setEditing(true);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const friendlyName = name.trim();
    if (!friendlyName) return setError('Give the group a name.');
    const changes: { friendlyName?: string; description?: string } = {};
    if (friendlyName !== channel.friendlyName) changes.friendlyName = friendlyName;
    if (description.trim() !== channel.description) changes.description = description.trim();
    if (changes.friendlyName === undefined && changes.description === undefined) return setEditing(false);
    setBusy(true);
    setError(null);
    try {
      await updateChannel(channel.name, changes);
      setEditing(false);
    } catch (reason) {
      setError(errorText(reason, RENAME_HINTS));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') setEditing(false);
  }

  return (
    <header className="conversation-header">
      <button type="button" className="back" onClick={() => setCurrentChannel(null)}>
        <span aria-hidden="true">← </span>Channels
      </button>
      {editing ? (
        <form className="rename" aria-label="Rename group" onSubmit={save} onKeyDown={onKeyDown}>
          <label className="field">
            <span>Name</span>
            <input
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={256}
              aria-describedby={error ? errorId : undefined}
              // biome-ignore lint/a11y/noAutofocus: the field the person asked to edit
              autoFocus
            />
          </label>
          <label className="field grow">
            <span>Description</span>
            <input
              value={description}
              onChange={(event) => setDescription(event.target.value)}
              maxLength={4096}
            />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
          {error && (
            <p className="error" role="alert" id={errorId}>
              {error}
            </p>
          )}
        </form>
      ) : (
        <>
          <div className="title">
            <h2>{channel.type === 'group' ? `# ${title}` : title}</h2>
            {channel.description && <p className="muted">{channel.description}</p>}
            {channel.type === 'group' && title !== channel.name && (
              <p className="muted">Joined by the name “{channel.name}”</p>
            )}
          </div>
          {channel.type === 'group' && (
            <button ref={renameButton} type="button" className="small rename-button" onClick={startEditing}>
              Rename
            </button>
          )}
        </>
      )}
    </header>
  );
}

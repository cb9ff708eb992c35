import { useChat } from '@chat/react';
import { type FormEvent, useState } from 'react';
import { errorText } from './errorText';

/** Creates a group channel (its name is how others join it) and opens it. */
export function CreateGroupForm() {
  const createGroupChannel = useChat((chat) => chat.createGroupChannel);
  const setCurrentChannel = useChat((chat) => chat.setCurrentChannel);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError('Give the group a name.');
    setBusy(true);
    setError(null);
    try {
      const channel = await createGroupChannel(trimmed, description.trim());
      setCurrentChannel(channel.name);
      setName('');
      setDescription('');
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="side-form" onSubmit={submit}>
      <h2>New group</h2>
      <label className="field">
        <span>Group name</span>
        <input value={name} onChange={(event) => setName(event.target.value)} maxLength={256} />
      </label>
      <label className="field">
        <span>Description</span>
        <input value={description} onChange={(event) => setDescription(event.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Create group
      </button>
    </form>
  );
}

import { useChat } from '@chat/react';
import { type FormEvent, useState } from 'react';
import { errorText } from './errorText';

/** Joins an existing group channel by its name; `joinChannel` also opens it. */
export function JoinGroupForm() {
  const joinChannel = useChat((chat) => chat.joinChannel);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError('Type the name of the group to join.');
    setBusy(true);
    setError(null);
    try {
      await joinChannel(trimmed);
      setName('');
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="side-form" onSubmit={submit}>
      <h2>Join a group</h2>
      <div className="inline">
        <label className="field grow">
          <span>Channel name</span>
          <input value={name} onChange={(event) => setName(event.target.value)} maxLength={256} />
        </label>
        <button type="submit" disabled={busy}>
          Join
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

import { type Channel, useChat } from '@chat/react';
import { type FormEvent, useState } from 'react';
import { loadBackend } from './createBackend';
import { errorText } from './errorText';

/**
 * Members of a group channel. Each other member has a button that opens (or creates) the private
 * channel with them: the seed's "invite a group member into a 1:1 chat". The peer sees it at once.
 * "Add" brings someone into the group, the only way in on Twilio Conversations (no public groups).
 */
export function MembersPanel({ channel }: { channel: Channel }) {
  const user = useChat((chat) => chat.user);
  const createPrivateChannel = useChat((chat) => chat.createPrivateChannel);
  const setCurrentChannel = useChat((chat) => chat.setCurrentChannel);
  const [error, setError] = useState<string | null>(null);
  const members = [...channel.members].sort((a, b) => a.localeCompare(b));
  const [newMember, setNewMember] = useState('');

  async function addMember(event: FormEvent) {
    event.preventDefault();
    const identity = newMember.trim();
    if (!identity) return setError('Type the name of the person to add.');
    setError(null);
    try {
      // The store has no addMember yet; the backend it connected through does, and the new member
      // arrives in the list as the backend's memberJoined event.
      await (await loadBackend()).addMember(channel.name, identity);
      setNewMember('');
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  async function messagePrivately(peer: string) {
    setError(null);
    try {
      const privateChannel = await createPrivateChannel(peer);
      setCurrentChannel(privateChannel.name);
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  return (
    <aside className="members">
      <h3>Members ({members.length})</h3>
      <ul aria-label="Members">
        {members.map((member) => (
          <li key={member}>
            <span className="member-name">
              {member}
              {member === user && <span className="muted"> (you)</span>}
            </span>
            {member !== user && (
              <button
                type="button"
                className="small"
                aria-label={`Message ${member} privately`}
                onClick={() => messagePrivately(member)}
              >
                Message
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="inline" onSubmit={addMember}>
        <label className="field grow">
          <span>Add someone</span>
          <input value={newMember} onChange={(event) => setNewMember(event.target.value)} maxLength={128} />
        </label>
        <button type="submit" className="small">
          Add
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </aside>
  );
}

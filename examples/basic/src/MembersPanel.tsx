import { type Channel, useChat } from '@chat/react';
import { type FormEvent, useState } from 'react';
import { errorText } from './errorText';

const ADD_HINTS = {
  invalid_argument: 'That is not a name someone can have: 1–128 characters, without "#" or line breaks.',
  forbidden: 'You cannot add people to this channel.',
};
const REMOVE_HINTS = {
  forbidden: 'Only the person who created the group can remove members.',
  invalid_argument: 'To leave the group yourself, use "Leave group".',
};

/**
 * Members of a group channel. Each other member has a button that opens (or creates) the private
 * channel with them: the seed's "invite a group member into a 1:1 chat"; the peer sees it at once.
 * "Add" brings someone into the group (the only way in on Twilio Conversations: no public groups),
 * the group's creator may remove anyone else, and anyone may leave.
 */
export function MembersPanel({ channel }: { channel: Channel }) {
  const user = useChat((chat) => chat.user);
  const addMember = useChat((chat) => chat.addMember);
  const removeMember = useChat((chat) => chat.removeMember);
  const leaveChannel = useChat((chat) => chat.leaveChannel);
  const createPrivateChannel = useChat((chat) => chat.createPrivateChannel);
  const setCurrentChannel = useChat((chat) => chat.setCurrentChannel);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [newMember, setNewMember] = useState('');
  const members = [...channel.members].sort((a, b) => a.localeCompare(b));
  const isCreator = user !== null && channel.createdBy === user;

  /** Runs an action, showing its failure under the list; what was typed stays where it was. */
  async function run(action: () => Promise<unknown>, hints?: Record<string, string>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (reason) {
      setError(errorText(reason, hints));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const identity = newMember.trim();
    if (!identity) return setError('Type the name of the person to add.');
    if (channel.members.includes(identity)) return setError(`${identity} is a member already.`);
    // The new member arrives in the list as the backend's memberJoined event.
    if (await run(() => addMember(channel.name, identity), ADD_HINTS)) setNewMember('');
  }

  function messagePrivately(peer: string) {
    void run(async () => setCurrentChannel((await createPrivateChannel(peer)).name));
  }

  return (
    <aside className="members" aria-label="Members panel">
      <h3>Members ({members.length})</h3>
      <ul aria-label="Members">
        {members.map((member) => (
          <li key={member}>
            <span className="member-name" title={member}>
              {member}
              {member === user && <span className="muted"> (you)</span>}
              {member === channel.createdBy && <span className="muted"> (creator)</span>}
            </span>
            {member !== user && (
              <span className="member-actions">
                <button
                  type="button"
                  className="small"
                  aria-label={`Message ${member} privately`}
                  onClick={() => messagePrivately(member)}
                >
                  Message
                </button>
                {isCreator && (
                  <button
                    type="button"
                    className="small danger"
                    aria-label={`Remove ${member}`}
                    title={`Remove ${member} from the group`}
                    disabled={busy}
                    onClick={() => run(() => removeMember(channel.name, member), REMOVE_HINTS)}
                  >
                    Remove
                  </button>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
      <form className="add-member" onSubmit={add}>
        <label className="field">
          <span>Add member</span>
          <input
            value={newMember}
            onChange={(event) => setNewMember(event.target.value)}
            maxLength={128}
            autoComplete="off"
          />
        </label>
        <button type="submit" className="small" disabled={busy}>
          Add
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="small leave"
        disabled={busy}
        onClick={() => run(() => leaveChannel(channel.name))}
      >
        Leave group
      </button>
    </aside>
  );
}

import { type Channel, useChat } from '@chat/react';
import { useState } from 'react';
import { errorText } from './errorText';

/**
 * Members of a group channel. Each other member has a button that opens (or creates) the private
 * channel with them: the seed's "invite a group member into a 1:1 chat". The peer sees it at once.
 */
export function MembersPanel({ channel }: { channel: Channel }) {
  const user = useChat((chat) => chat.user);
  const createPrivateChannel = useChat((chat) => chat.createPrivateChannel);
  const setCurrentChannel = useChat((chat) => chat.setCurrentChannel);
  const [error, setError] = useState<string | null>(null);
  const members = [...channel.members].sort((a, b) => a.localeCompare(b));

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
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </aside>
  );
}

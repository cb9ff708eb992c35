import type { Channel } from '@chat/react';
import { type ChatProps, chatConnect } from '@chat/react';
import { channelLabel } from './channelLabel';
import { UnreadBadge } from './UnreadBadge';

interface ChannelButtonsProps {
  label: string;
  channels: Channel[];
  current: string | null;
  user: string | null;
  empty: string;
  onOpen: (name: string) => void;
}

function ChannelButtons({ label, channels, current, user, empty, onOpen }: ChannelButtonsProps) {
  return (
    <ul className="channels" aria-label={label}>
      {channels.length === 0 && <li className="muted empty">{empty}</li>}
      {channels.map((channel) => (
        <li key={channel.name}>
          <button
            type="button"
            className="channel"
            aria-current={channel.name === current ? 'true' : undefined}
            onClick={() => onOpen(channel.name)}
          >
            <span className="channel-name">{channelLabel(channel, user)}</span>
            <UnreadBadge count={channel.unreadCount} />
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * Group and private channels, each with its unread badge. Written in the seed's `chatConnect`
 * style: the whole chat API arrives as props (the path for class components too).
 */
function ChannelListView({
  groupChannels,
  privateChannels,
  currentChannel,
  user,
  setCurrentChannel,
}: ChatProps) {
  const current = currentChannel?.name ?? null;
  return (
    <nav className="channel-list" aria-label="Channels">
      <h2>Groups</h2>
      <ChannelButtons
        label="Group channels"
        channels={groupChannels}
        current={current}
        user={user}
        empty="No groups yet: create or join one below."
        onOpen={setCurrentChannel}
      />
      <h2>Private</h2>
      <ChannelButtons
        label="Private channels"
        channels={privateChannels}
        current={current}
        user={user}
        empty="No private chats yet: open a group and message a member."
        onOpen={setCurrentChannel}
      />
    </nav>
  );
}

export const ChannelList = chatConnect(ChannelListView);

import { type Channel, useChat } from '@chat/react';
import { ChannelHeader } from './ChannelHeader';
import { Composer } from './Composer';
import { channelLabel } from './channelLabel';
import { MembersPanel } from './MembersPanel';
import { MessageList } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

/** The open channel: header, history, members (groups only), typing line and composer. */
export function Conversation({ channel }: { channel: Channel }) {
  const user = useChat((chat) => chat.user);
  return (
    <section className="conversation" aria-label={`Channel ${channelLabel(channel, user)}`}>
      {/* Keyed by channel so a half-done rename does not follow the person to another channel. */}
      <ChannelHeader key={channel.name} channel={channel} />
      <div className="conversation-body">
        <div className="history">
          {/* Keyed by channel so scroll position, paging state and the unread divider start fresh. */}
          <MessageList key={channel.name} channel={channel} />
          <TypingIndicator channel={channel.name} />
        </div>
        {channel.type === 'group' && <MembersPanel channel={channel} />}
      </div>
      <Composer key={channel.name} channel={channel.name} />
    </section>
  );
}

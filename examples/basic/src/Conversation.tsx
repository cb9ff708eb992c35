import { type Channel, useChat } from '@chat/react';
import { ChannelHeader } from './ChannelHeader';
import { Composer } from './Composer';
import { channelLabel } from './channelLabel';
import { MembersPanel } from './MembersPanel';
import { MessageList } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

/**
 * The open channel: header, history, members (groups only), typing line and composer. Render it
 * keyed by the channel's name, so that everything in it starts fresh in each channel: a half-done
 * rename or edit, the draft, scroll position, paging, the unread divider.
 */
export function Conversation({ channel }: { channel: Channel }) {
  const user = useChat((chat) => chat.user);
  return (
    <section className="conversation" aria-label={`Channel ${channelLabel(channel, user)}`}>
      <ChannelHeader channel={channel} />
      <div className="conversation-body">
        <div className="history">
          <MessageList channel={channel} />
          <TypingIndicator channel={channel.name} />
        </div>
        {channel.type === 'group' && <MembersPanel channel={channel} />}
      </div>
      <Composer channel={channel.name} />
    </section>
  );
}

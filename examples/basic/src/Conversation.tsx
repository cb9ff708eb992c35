import { type Channel, useChat } from '@chat/react';
import { Composer } from './Composer';
import { channelLabel } from './channelLabel';
import { MembersPanel } from './MembersPanel';
import { MessageList } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

/** The open channel: header, history, members (groups only), typing line and composer. */
export function Conversation({ channel }: { channel: Channel }) {
  const user = useChat((chat) => chat.user);
  const setCurrentChannel = useChat((chat) => chat.setCurrentChannel);
  const title = channelLabel(channel, user);
  return (
    <section className="conversation" aria-label={`Channel ${title}`}>
      <header className="conversation-header">
        <button type="button" className="back" onClick={() => setCurrentChannel(null)}>
          <span aria-hidden="true">← </span>Channels
        </button>
        <div className="title">
          <h2>{channel.type === 'group' ? `# ${title}` : title}</h2>
          {channel.description && <p className="muted">{channel.description}</p>}
        </div>
      </header>
      <div className="conversation-body">
        <div className="history">
          {/* Keyed by channel so scroll position and paging state start fresh in each channel. */}
          <MessageList key={channel.name} channel={channel} />
          <TypingIndicator channel={channel.name} />
        </div>
        {channel.type === 'group' && <MembersPanel channel={channel} />}
      </div>
      <Composer key={channel.name} channel={channel.name} />
    </section>
  );
}

import { useChat } from '@chat/react';
import { ChannelList } from './ChannelList';
import { ConnectionStatus } from './ConnectionStatus';
import { Conversation } from './Conversation';
import { CreateGroupForm } from './CreateGroupForm';
import { JoinGroupForm } from './JoinGroupForm';
import { useRememberedChannel } from './useRememberedChannel';

/**
 * The signed-in screen: channels on the left, the open channel on the right. At phone width only
 * one of the two shows at a time (see phone.css); "Channels" goes back to the list.
 */
export function ChatScreen({ identity, onSignOut }: { identity: string; onSignOut: () => void }) {
  const currentChannel = useChat((chat) => chat.currentChannel);
  useRememberedChannel();
  return (
    <div className="layout" data-view={currentChannel ? 'channel' : 'list'}>
      <header className="topbar">
        <h1>Chat</h1>
        <ConnectionStatus />
        <span className="me" title="Signed in as">
          {identity}
        </span>
        <button type="button" className="small" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <aside className="sidebar">
        <ChannelList />
        <CreateGroupForm />
        <JoinGroupForm />
      </aside>
      <main className="main">
        {currentChannel ? (
          <Conversation key={currentChannel.name} channel={currentChannel} />
        ) : (
          <div className="placeholder muted">
            <p>Pick a channel, create a group, or join one by its name.</p>
          </div>
        )}
      </main>
    </div>
  );
}

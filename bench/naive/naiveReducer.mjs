// The naive alternative's state logic: the original description's design keeps the whole chat in one
// object and replaces it on every change. A change copies the `channels` record and the per-channel
// message record (every key), then the touched channel and its list. Derived lists (group/private
// channels) are not recomputed here, which favours the naive store.

/** The state before `connect`. */
export const initialNaiveState = {
  user: null,
  channels: {},
  messagesByChannel: {},
  currentChannel: null,
  messages: [],
  totalUnread: 0,
};

/** A backend message as the UI sees it (the same shape @chat/react gives it). */
export function naiveMessage(message) {
  return {
    id: message.clientId ?? message.sid,
    sid: message.sid,
    index: message.index,
    channel: message.channel,
    author: message.author,
    body: message.body,
    media: null,
    dateCreated: message.dateCreated,
    status: 'sent',
    error: null,
  };
}

function naiveChannel(channel) {
  return {
    name: channel.name,
    sid: channel.sid,
    type: channel.type,
    friendlyName: channel.friendlyName,
    description: channel.description,
    members: channel.members,
    unreadCount: channel.unreadCount ?? 0,
    lastMessage: channel.lastMessage ? naiveMessage(channel.lastMessage) : null,
    hasOlderMessages: true,
  };
}

/** Returns the next state: a new object for every change, with the whole channel record copied. */
export function naiveReduce(state, event) {
  switch (event.type) {
    case 'connected':
      return { ...state, user: event.user };
    case 'channelsListed': {
      const channels = {};
      let totalUnread = 0;
      for (const channel of event.channels) {
        channels[channel.name] = naiveChannel(channel);
        totalUnread += channel.unreadCount ?? 0;
      }
      return { ...state, channels, totalUnread };
    }
    case 'page': {
      const list = event.messages.map(naiveMessage);
      const messagesByChannel = { ...state.messagesByChannel, [event.name]: list };
      const isCurrent = state.currentChannel?.name === event.name;
      return { ...state, messagesByChannel, messages: isCurrent ? list : state.messages };
    }
    case 'pages': {
      // Many pages at once (the bench's setup): one copy instead of one per page.
      const messagesByChannel = { ...state.messagesByChannel };
      for (const page of event.pages) messagesByChannel[page.name] = page.messages.map(naiveMessage);
      const open = state.currentChannel?.name;
      return { ...state, messagesByChannel, messages: open ? messagesByChannel[open] : state.messages };
    }
    case 'current': {
      const channel = state.channels[event.name];
      const open = { ...channel, unreadCount: 0 };
      return {
        ...state,
        channels: { ...state.channels, [event.name]: open },
        currentChannel: open,
        messages: state.messagesByChannel[event.name] ?? [],
        totalUnread: state.totalUnread - channel.unreadCount,
      };
    }
    case 'messageAdded': {
      const message = naiveMessage(event.message);
      const name = message.channel;
      const channel = state.channels[name];
      if (!channel) return state;
      const isCurrent = state.currentChannel?.name === name;
      const next = { ...channel, lastMessage: message, unreadCount: isCurrent ? 0 : channel.unreadCount + 1 };
      const list = [...(state.messagesByChannel[name] ?? []), message];
      return {
        ...state,
        channels: { ...state.channels, [name]: next },
        messagesByChannel: { ...state.messagesByChannel, [name]: list },
        currentChannel: isCurrent ? next : state.currentChannel,
        messages: isCurrent ? list : state.messages,
        totalUnread: state.totalUnread + (isCurrent ? 0 : 1),
      };
    }
    default:
      return state;
  }
}

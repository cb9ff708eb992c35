import type { BackendMessage } from '../../core/backend.js';
import type { ChatChannel, ChatChannelRef, ChatMessage } from './chatTypes.js';
import { editedAt } from './editedAt.js';
import { mapPage, storedMessageAt } from './mapPage.js';
import { bufferOf, contentTypeOf, platformUploads } from './mediaUpload.js';
import { readAttributes, stringAttribute } from './readAttributes.js';
import { twilioMedia } from './twilioMedia.js';
import type { TwilioChannel } from './types.js';

/** The unique name the store addresses a channel by (its SID when it has none). */
export function chatChannelName(channel: ChatChannelRef): string {
  return channel.uniqueName || channel.sid;
}

/**
 * A twilio-chat message as the store sees it. A media message has no body in twilio-chat, so
 * text sent with a file travels in the `body` attribute (and its file name in `filename`).
 */
export function chatMessage(message: ChatMessage): BackendMessage {
  const attributes = readAttributes(message.attributes);
  const isMedia = message.type === 'media' && message.media !== null;
  return {
    sid: message.sid,
    index: message.index,
    channel: chatChannelName(message.channel),
    clientId: stringAttribute(attributes, 'clientId'),
    author: message.author ?? '',
    // An edit (`updateBody`) puts the new text in the body, which then wins over the attribute.
    body: (isMedia ? message.body || stringAttribute(attributes, 'body') : message.body) ?? '',
    media:
      isMedia && message.media ? twilioMedia(message.media, stringAttribute(attributes, 'filename')) : null,
    dateCreated: message.dateCreated ?? new Date(0),
    editedAt: editedAt(message),
  };
}

const wrapped = new WeakMap<ChatChannel, TwilioChannel>();

/** A twilio-chat Channel as the shared Twilio backend drives it (one wrapper per SDK object). */
export function chatChannel(sdkChannel: ChatChannel): TwilioChannel {
  const existing = wrapped.get(sdkChannel);
  if (existing) return existing;
  const c = sdkChannel;
  const channel: TwilioChannel = {
    get sid() {
      return c.sid;
    },
    get name() {
      return chatChannelName(c);
    },
    get friendlyName() {
      return c.friendlyName;
    },
    get attributes() {
      return readAttributes(c.attributes);
    },
    get sdkPrivate() {
      return c.isPrivate;
    },
    get isMember() {
      return c.status === 'joined';
    },
    get lastReadIndex() {
      return c.lastConsumedMessageIndex;
    },
    get createdBy() {
      return c.createdBy || null;
    },
    join: async () => {
      await c.join();
    },
    leave: async () => {
      await c.leave();
    },
    add: (identity) => c.add(identity),
    members: async () =>
      (await c.getMembers()).map((member) => ({
        identity: member.identity,
        lastReadIndex: member.lastConsumedMessageIndex,
      })),
    // twilio-chat puts the identity into the member's URL as it is: encoded here, so that any
    // identity reaches the right member.
    remove: (identity) => c.removeMember(encodeURIComponent(identity)),
    update: async ({ friendlyName, attributes }) => {
      if (friendlyName !== undefined) await c.updateFriendlyName(friendlyName);
      if (attributes !== undefined) await c.updateAttributes(attributes);
    },
    messageAt: async (index) =>
      storedMessageAt(await c.getMessages(1, index, 'backwards'), index, chatMessage),
    messages: async (pageSize, anchor, direction) =>
      mapPage(await c.getMessages(pageSize, anchor, direction), chatMessage),
    unreadCount: () => c.getUnconsumedMessagesCount(),
    messagesCount: () => c.getMessagesCount(),
    setLastReadIndex: (index) => c.updateLastConsumedMessageIndex(index),
    advanceLastReadIndex: async (index) => {
      await c.advanceLastConsumedMessageIndex(index);
    },
    typing: () => c.typing(),
    send: async ({ body, attributes, file }) => {
      if (!file) return c.sendMessage(body, attributes);
      // A media message has no body in twilio-chat: the text and the file name travel in
      // attributes (its options form, the only one Node can send, takes no file name).
      const mediaAttributes = { ...attributes, filename: file.filename, ...(body ? { body } : {}) };
      if (platformUploads()) {
        const form = new FormData();
        form.append('file', new Blob([file.data], { type: contentTypeOf(file) }), file.filename);
        return c.sendMessage(form, mediaAttributes);
      }
      const media = await bufferOf(file.data);
      return c.sendMessage({ contentType: contentTypeOf(file), media }, mediaAttributes);
    },
  };
  wrapped.set(sdkChannel, channel);
  return channel;
}

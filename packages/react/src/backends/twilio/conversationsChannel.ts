import type { JSONValue } from '@twilio/conversations';
import type { BackendMessage } from '../../core/backend.js';
import type {
  ConversationRef,
  ConversationsConversation,
  ConversationsMessageFields,
} from './conversationsTypes.js';
import { editedAt } from './editedAt.js';
import { mapPage, storedMessageAt } from './mapPage.js';
import { contentTypeOf, uploadBody } from './mediaUpload.js';
import { readAttributes, stringAttribute } from './readAttributes.js';
import { twilioMedia } from './twilioMedia.js';
import type { TwilioChannel } from './types.js';

/** The unique name the store addresses a conversation by (its SID when it has none). */
export function conversationName(conversation: ConversationRef): string {
  return conversation.uniqueName ?? conversation.sid;
}

/** A Conversations message as the store sees it; the first attached media is `media`. */
export function conversationsMessage(message: ConversationsMessageFields): BackendMessage {
  const first = message.attachedMedia?.[0];
  const attributes = readAttributes(message.attributes);
  return {
    sid: message.sid,
    index: message.index,
    channel: conversationName(message.conversation),
    clientId: stringAttribute(attributes, 'clientId'),
    author: message.author ?? '',
    // Media messages sent through twilio-chat carry their text in attributes (it has no body then);
    // reading it here keeps their captions after a migration to Conversations.
    body: message.body || (first ? (stringAttribute(attributes, 'body') ?? '') : ''),
    media: first ? twilioMedia(first, stringAttribute(attributes, 'filename')) : null,
    dateCreated: message.dateCreated ?? new Date(0),
    editedAt: editedAt(message),
  };
}

const wrapped = new WeakMap<ConversationsConversation, TwilioChannel>();

/** A Conversation as the shared Twilio backend drives it (one wrapper per SDK object). */
export function conversationsChannel(conversation: ConversationsConversation): TwilioChannel {
  const existing = wrapped.get(conversation);
  if (existing) return existing;
  const c = conversation;
  const channel: TwilioChannel = {
    get sid() {
      return c.sid;
    },
    get name() {
      return conversationName(c);
    },
    get friendlyName() {
      return c.friendlyName;
    },
    get attributes() {
      return readAttributes(c.attributes);
    },
    // Conversations has no private flag: the type lives in our attributes.
    sdkPrivate: false,
    get isMember() {
      return c.status === 'joined';
    },
    get lastReadIndex() {
      return c.lastReadMessageIndex;
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
    add: async (identity) => {
      await c.add(identity);
    },
    members: async () =>
      (await c.getParticipants()).flatMap((participant) =>
        participant.identity
          ? [{ identity: participant.identity, lastReadIndex: participant.lastReadMessageIndex }]
          : [],
      ),
    // By identity: the SDK encodes it into the participant's URL.
    remove: async (identity) => {
      await c.removeParticipant(identity);
    },
    update: async ({ friendlyName, attributes }) => {
      if (friendlyName !== undefined) await c.updateFriendlyName(friendlyName);
      if (attributes !== undefined) await c.updateAttributes(attributes as JSONValue);
    },
    messageAt: async (index) =>
      storedMessageAt(await c.getMessages(1, index, 'backwards'), index, conversationsMessage),
    messages: async (pageSize, anchor, direction) =>
      mapPage(await c.getMessages(pageSize, anchor, direction), conversationsMessage),
    unreadCount: () => c.getUnreadMessagesCount(),
    messagesCount: () => c.getMessagesCount(),
    setLastReadIndex: (index) => c.updateLastReadMessageIndex(index),
    advanceLastReadIndex: async (index) => {
      await c.advanceLastReadMessageIndex(index);
    },
    typing: () => c.typing(),
    send: async ({ body, attributes, file }) => {
      let builder = c.prepareMessage().setAttributes(attributes);
      if (body) builder = builder.setBody(body);
      if (file) {
        builder = builder.addMedia({
          contentType: contentTypeOf(file),
          filename: file.filename,
          media: await uploadBody(file.data),
        });
      }
      return builder.build().send();
    },
  };
  wrapped.set(conversation, channel);
  return channel;
}

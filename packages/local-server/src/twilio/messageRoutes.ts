import { randomUUID } from 'node:crypto';
import type { WireMessage } from '@chat/protocol';
import type { ChannelRow } from '../db.js';
import { typing } from '../handlers/memberSignals.js';
import { deleteMessage, editMessage } from '../handlers/messageChanges.js';
import { sendMessage } from '../handlers/sendMessage.js';
import { parseAttributes, visibleChannel } from './conversationRoutes.js';
import { conversationLinks } from './restDescriptors.js';
import { memberSid } from './syncNames.js';
import { iso } from './syncViews.js';
import { domain, type Flavor, TwilioError } from './TwilioError.js';
import { flavorOf, header, objectBody, type Route, type Scope } from './upstream.js';

/** The one media sid of a message (Conversations sends `media_sids`, twilio-chat `media_sid`). */
function mediaSidOf(body: Record<string, unknown>, flavor: Flavor): string | undefined {
  const sids = Array.isArray(body.media_sids)
    ? body.media_sids
    : body.media_sid === undefined
      ? []
      : [body.media_sid];
  if (sids.length > 1) {
    throw new TwilioError(
      'invalid_argument',
      flavor,
      `${sids.length} media in one message: the local server stores one per message.`,
    );
  }
  const sid = sids[0];
  if (sid !== undefined && typeof sid !== 'string') {
    throw new TwilioError(
      'invalid_argument',
      flavor,
      `media sid must be a string, got ${JSON.stringify(sid)}.`,
    );
  }
  return sid;
}

/**
 * Moves an upload from the media service's staging into the channel's media (the domain checks
 * that a message's media belongs to its channel). Only its uploader may attach it. Its bytes are
 * stored a chunk per turn (MediaStore); if the message is then refused, the upload stays in the
 * channel unattached, where a retry finds it and `unattachedMediaTtlMs` expires it otherwise.
 */
async function attachStaged(scope: Scope, row: ChannelRow, sid: string, flavor: Flavor): Promise<void> {
  const staged = scope.staging.get(sid);
  if (!staged) return;
  if (staged.uploader !== scope.identity) {
    throw new TwilioError(
      'invalid_argument',
      flavor,
      `Media ${JSON.stringify(sid)} was uploaded by someone else.`,
    );
  }
  // Taken before the wait: a second message naming it must not store it twice.
  scope.staging.take(sid);
  await scope.ctx.mediaStore.store(
    {
      sid: staged.sid,
      channelId: row.id,
      filename: staged.filename,
      contentType: staged.contentType,
      uploadedBy: staged.uploader,
      dateCreated: staged.dateCreated,
    },
    staged.bytes,
  );
}

/** The index of the message a REST path names by sid; unknown (or deleted) sids are 404. */
function storedIndex(scope: Scope, flavor: Flavor, row: ChannelRow, sid: string): number {
  if (!scope.data.isMember(row, scope.identity)) {
    throw new TwilioError('not_member', flavor, `You are not a member of ${JSON.stringify(row.name)}.`);
  }
  const index = scope.data.messageIndex(row.id, sid);
  if (index === undefined) {
    throw new TwilioError(
      'message_not_found',
      flavor,
      `No message ${JSON.stringify(sid)} in ${JSON.stringify(row.name)} (deleted, or never sent).`,
    );
  }
  return index;
}

/** A message resource, the answer to sending or editing one. */
function messageDescriptor(scope: Scope, flavor: Flavor, row: ChannelRow, message: WireMessage) {
  const links = conversationLinks(scope, flavor, row.sid);
  return {
    sid: message.sid,
    index: message.index,
    author: message.author,
    body: message.body,
    attributes: JSON.stringify(message.attributes),
    conversation_sid: row.sid,
    channel_sid: row.sid,
    participant_sid: memberSid(row.sid, message.author),
    date_created: iso(message.dateCreated),
    date_updated: iso(message.editedAt ?? message.dateCreated),
    type: message.media ? 'media' : 'text',
    media: message.media
      ? [
          {
            sid: message.media.sid,
            filename: message.media.filename,
            content_type: message.media.contentType,
            size: message.media.size,
            category: 'media',
          },
        ]
      : null,
    url: `${links.messages}/${message.sid}`,
  };
}

/**
 * Sending (`links.messages`) and typing (`links.typing`). A message goes through the domain's
 * `sendMessage`: every other client sees it through the messages list. Each request is a new
 * message, as on Twilio (its clientId is the request's `X-Twilio-Mutation-Id`); the
 * `@chat/react` adapters keep their own clientId in the attributes.
 */
export const messageRoutes: Route[] = [
  {
    method: 'POST',
    path: '/Client/:v/Conversations/:id/Messages',
    handler: async (parts, request, scope) => {
      const flavor = flavorOf(parts);
      const row = visibleChannel(scope, flavor, parts.id ?? '');
      const body = objectBody(request, flavor);
      const attributes = parseAttributes(body.attributes, flavor);
      const text = body.body ?? '';
      if (typeof text !== 'string') {
        throw new TwilioError(
          'invalid_argument',
          flavor,
          `body must be a string, got ${JSON.stringify(text).slice(0, 80)}.`,
        );
      }
      const mediaSid = mediaSidOf(body, flavor);
      // The identity's send budget is shared with its local-protocol sockets (issue 12).
      if (!scope.ctx.limits.takeSend(scope.identity)) {
        throw new TwilioError(
          'rate_limited',
          flavor,
          'Too many messages from this identity (rateLimit.perIdentity.sendsPerSecond); slow down and retry.',
        );
      }
      const clientId = (header(request, 'X-Twilio-Mutation-Id') ?? randomUUID()).slice(0, 64);
      if (mediaSid !== undefined) await attachStaged(scope, row, mediaSid, flavor);
      const { message } = domain(flavor, () =>
        sendMessage(scope.ctx, scope.identity, {
          channel: row.name,
          clientId,
          body: text,
          attributes,
          mediaSid,
        }),
      );
      return { status: 201, body: messageDescriptor(scope, flavor, row, message) };
    },
  },
  {
    // `message.updateBody(body)`: the domain's `editMessage` (its author only, the limits of sending).
    method: 'POST',
    path: '/Client/:v/Conversations/:id/Messages/:message',
    handler: (parts, request, scope) => {
      const flavor = flavorOf(parts);
      const row = visibleChannel(scope, flavor, parts.id ?? '');
      const index = storedIndex(scope, flavor, row, parts.message ?? '');
      const body = objectBody(request, flavor);
      if (typeof body.body !== 'string') {
        throw new TwilioError(
          'not_emulated',
          flavor,
          'Only the body of a message can be changed here (its attributes are fixed when it is sent); send body as a string.',
        );
      }
      const text = body.body;
      const { message } = domain(flavor, () =>
        editMessage(scope.ctx, scope.identity, { channel: row.name, index, body: text }),
      );
      return { status: 200, body: messageDescriptor(scope, flavor, row, message) };
    },
  },
  {
    // `message.remove()`: the domain's `deleteMessage` (its author only); the index stays a gap.
    method: 'DELETE',
    path: '/Client/:v/Conversations/:id/Messages/:message',
    handler: (parts, _request, scope) => {
      const flavor = flavorOf(parts);
      const row = visibleChannel(scope, flavor, parts.id ?? '');
      const index = storedIndex(scope, flavor, row, parts.message ?? '');
      domain(flavor, () => deleteMessage(scope.ctx, scope.identity, { channel: row.name, index }));
      return { status: 204 };
    },
  },
  {
    // Form-encoded `ChannelSid=CH…`; the answer's typing_timeout is how long the SDK waits before
    // sending again, and how long a remote indicator lasts (the notification carries it too).
    method: 'POST',
    path: '/Client/:v/Services/:service/Typing',
    handler: (parts, request, scope) => {
      const flavor = flavorOf(parts);
      const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      const sid = form.get('ChannelSid') ?? '';
      const row = visibleChannel(scope, flavor, sid);
      domain(flavor, () => typing(scope.ctx, scope.identity, { channel: row.name }));
      return { status: 200, body: { typing_timeout: scope.ctx.options.typingTimeoutMs / 1000 } };
    },
  },
];

import { MAX_ATTRIBUTES_BYTES, MAX_DESCRIPTION_LENGTH, MAX_FRIENDLY_NAME_LENGTH } from '@chat/protocol';
import type { ChannelRow } from '../db.js';
import { channelSid, insertChannel } from '../handlers/createChannel.js';
import { updateChannel } from '../handlers/manageChannel.js';
import { channelNameSchema, identitySchema, requestSchemas } from '../protocol.js';
import { clientBase, conversationDescriptor } from './restDescriptors.js';
import { presentedAttributes } from './syncViews.js';
import { domain, type Flavor, TwilioError } from './TwilioError.js';
import { flavorOf, objectBody, type Route, type Scope, type UpstreamRequest } from './upstream.js';

const PAGE_SIZE = 50;

/** A channel the caller may see: any group channel; a private one only as member or creator. */
export function visibleChannel(scope: Scope, flavor: Flavor, id: string): ChannelRow {
  const row = scope.data.channel(id);
  if (!row || !scope.data.canRead(row, scope.identity)) {
    throw new TwilioError(
      'channel_not_found',
      flavor,
      `No ${flavor === 'chat' ? 'channel' : 'conversation'} ${JSON.stringify(id)} that you can see.`,
    );
  }
  return row;
}

/** Attributes sent as a JSON string; the domain stores objects of at most 16 KiB. */
export function parseAttributes(raw: unknown, flavor: Flavor): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new TwilioError(
        'invalid_argument',
        flavor,
        `attributes must be JSON, got ${JSON.stringify(raw).slice(0, 80)}.`,
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TwilioError(
      'invalid_argument',
      flavor,
      'attributes must be a JSON object here (the local server stores objects; Twilio also accepts other JSON).',
    );
  }
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_ATTRIBUTES_BYTES) {
    throw new TwilioError(
      'invalid_argument',
      flavor,
      `attributes are over ${MAX_ATTRIBUTES_BYTES} bytes as JSON.`,
    );
  }
  return value as Record<string, unknown>;
}

/** Checks a new channel's name against the domain's rules (README, "Details: Names"). */
function checkName(identity: string, name: string, type: 'group' | 'private', flavor: Flavor): void {
  if (!channelNameSchema.safeParse(name).success) {
    throw new TwilioError(
      'invalid_argument',
      flavor,
      `unique_name ${JSON.stringify(name)} must be 1-256 characters without control characters.`,
    );
  }
  if (type === 'group') {
    if (name.includes('#')) {
      throw new TwilioError(
        'invalid_argument',
        flavor,
        `unique_name ${JSON.stringify(name)}: group names must not contain "#" (reserved for private channels named "a#b").`,
      );
    }
    return;
  }
  const pair = name.split('#');
  const valid =
    pair.length === 2 &&
    pair.includes(identity) &&
    pair[0]! < pair[1]! &&
    pair.every((part) => identitySchema.safeParse(part).success);
  if (!valid) {
    throw new TwilioError(
      'invalid_argument',
      flavor,
      `A private channel is named after its two members, sorted and joined by "#" (e.g. ${JSON.stringify([identity, 'bob'].sort().join('#'))}); got ${JSON.stringify(name)}.`,
    );
  }
}

function page<T>(items: T[], request: UpstreamRequest, flavor: Flavor): { items: T[]; meta: object } {
  const token = request.params.PageToken;
  const offset = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new TwilioError(
      'invalid_argument',
      flavor,
      `PageToken ${JSON.stringify(token)} is not one this server issued.`,
    );
  }
  const slice = items.slice(offset, offset + PAGE_SIZE);
  const next =
    offset + PAGE_SIZE < items.length ? Buffer.from(String(offset + PAGE_SIZE)).toString('base64url') : null;
  const previous =
    offset > 0 ? Buffer.from(String(Math.max(0, offset - PAGE_SIZE))).toString('base64url') : null;
  return { items: slice, meta: { page_size: PAGE_SIZE, previous_token: previous, next_token: next } };
}

/**
 * One page of group channels after the PageToken's name: the listing walks an index from a cursor,
 * never every group (an attacker's thousands of groups must not make each request slow).
 */
function groupPage(
  scope: Scope,
  request: UpstreamRequest,
  flavor: Flavor,
): { items: ChannelRow[]; meta: object } {
  const token = request.params.PageToken;
  const after = token === undefined ? '' : Buffer.from(token, 'base64url').toString('utf8');
  if (token !== undefined && after === '') {
    throw new TwilioError(
      'invalid_argument',
      flavor,
      `PageToken ${JSON.stringify(token)} is not one this server issued.`,
    );
  }
  const rows = scope.ctx.db.groupChannelsPage.all(scope.identity, after, PAGE_SIZE + 1);
  const items = rows.slice(0, PAGE_SIZE);
  const last = items[items.length - 1];
  const next = rows.length > PAGE_SIZE && last ? Buffer.from(last.name).toString('base64url') : null;
  return { items, meta: { page_size: PAGE_SIZE, previous_token: null, next_token: next } };
}

function caller(scope: Scope, parts: Record<string, string>, flavor: Flavor): void {
  if (parts.identity !== scope.identity) {
    throw new TwilioError(
      'forbidden',
      flavor,
      `You are ${JSON.stringify(scope.identity)}; you cannot read another user's conversations.`,
    );
  }
}

/**
 * Conversations (Conversations) and channels (twilio-chat): the caller's list and one of them
 * (`links.my_conversations`), any visible one (`links.conversations`, by sid or unique name),
 * twilio-chat's public channels, and creation. As on Twilio, the creator is not a member until
 * it joins. Conversations has no private flag: `attributes.type === 'private'` makes a private
 * channel, as the `@chat/react` adapters write it; twilio-chat sends `type`.
 */
export const conversationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/Client/:v/Users/:identity/Conversations',
    handler: (parts, request, scope) => {
      const flavor = flavorOf(parts);
      caller(scope, parts, flavor);
      const rows = scope.ctx.db.channelsOf.all(scope.identity);
      const { items, meta } = page(rows, request, flavor);
      return {
        status: 200,
        body: { conversations: items.map((row) => conversationDescriptor(scope, flavor, row)), meta },
      };
    },
  },
  {
    // getConversationByUniqueName and getUnreadMessagesCount: members only, as Twilio answers.
    method: 'GET',
    path: '/Client/:v/Users/:identity/Conversations/:id',
    handler: (parts, _request, scope) => {
      const flavor = flavorOf(parts);
      caller(scope, parts, flavor);
      const row = scope.data.channel(parts.id ?? '');
      if (!row || !scope.data.isMember(row, scope.identity)) {
        throw new TwilioError(
          'channel_not_found',
          flavor,
          `You are not in a conversation ${JSON.stringify(parts.id)}.`,
        );
      }
      return { status: 200, body: conversationDescriptor(scope, flavor, row) };
    },
  },
  {
    // twilio-chat's public channel descriptors.
    method: 'GET',
    path: '/Client/:v/Conversations',
    handler: (parts, request, scope) => {
      const flavor = flavorOf(parts);
      const { items, meta } = groupPage(scope, request, flavor);
      return {
        status: 200,
        body: { conversations: items.map((row) => conversationDescriptor(scope, flavor, row)), meta },
      };
    },
  },
  {
    method: 'GET',
    path: '/Client/:v/Conversations/:id',
    handler: (parts, _request, scope) => {
      const flavor = flavorOf(parts);
      return {
        status: 200,
        body: conversationDescriptor(scope, flavor, visibleChannel(scope, flavor, parts.id ?? '')),
      };
    },
  },
  {
    method: 'POST',
    path: '/Client/:v/Conversations',
    handler: (parts, request, scope) => {
      const flavor = flavorOf(parts);
      const body = objectBody(request, flavor);
      const attributes = parseAttributes(body.attributes, flavor);
      const type = (flavor === 'chat' ? body.type === 'private' : attributes.type === 'private')
        ? 'private'
        : 'group';
      const uniqueName =
        typeof body.unique_name === 'string' && body.unique_name !== '' ? body.unique_name : null;
      const name = uniqueName ?? channelSid();
      checkName(scope.identity, name, type, flavor);
      if (scope.data.channelByName(name)) {
        throw new TwilioError(
          'channel_exists',
          flavor,
          `A ${flavor === 'chat' ? 'channel' : 'conversation'} named ${JSON.stringify(name)} already exists.`,
        );
      }
      const friendlyName =
        typeof body.friendly_name === 'string' && body.friendly_name !== '' ? body.friendly_name : name;
      const description = typeof attributes.description === 'string' ? attributes.description : '';
      const row = insertChannel(
        scope.ctx,
        scope.identity,
        { name, type, friendlyName, description, attributes },
        [],
      );
      return { status: 201, body: conversationDescriptor(scope, flavor, row) };
    },
  },
  {
    // `updateFriendlyName` (friendly_name) and `updateAttributes` (attributes, a JSON string):
    // the domain's `updateChannel`, for any member. The description lives in the attributes, as
    // the adapters write it; the other attributes are fixed at creation here.
    method: 'POST',
    path: '/Client/:v/Conversations/:id',
    handler: (parts, request, scope) => {
      const flavor = flavorOf(parts);
      const row = visibleChannel(scope, flavor, parts.id ?? '');
      const body = objectBody(request, flavor);
      if (body.unique_name !== undefined) {
        throw new TwilioError(
          'not_emulated',
          flavor,
          'Renaming a unique name is not emulated: the local server addresses channels by it.',
        );
      }
      const changes: { friendlyName?: unknown; description?: unknown } = {};
      if (body.friendly_name !== undefined) changes.friendlyName = body.friendly_name;
      if (body.attributes !== undefined) {
        const attributes = parseAttributes(body.attributes, flavor);
        const { description, ...others } = attributes;
        const { description: _, ...stored } = presentedAttributes(row);
        if (JSON.stringify(sortKeys(others)) !== JSON.stringify(sortKeys(stored))) {
          throw new TwilioError(
            'not_emulated',
            flavor,
            'Changing attributes other than "description" is not emulated: the local server fixes them at creation.',
          );
        }
        if (description !== undefined) changes.description = description;
      }
      const params = requestSchemas.updateChannel.safeParse({ name: row.name, ...changes });
      if (!params.success) {
        throw new TwilioError(
          'invalid_argument',
          flavor,
          `friendly_name must be 1-${MAX_FRIENDLY_NAME_LENGTH} characters, not blank, and the description at most ${MAX_DESCRIPTION_LENGTH}; send at least one of them.`,
        );
      }
      domain(flavor, () => updateChannel(scope.ctx, scope.identity, params.data));
      return {
        status: 200,
        body: conversationDescriptor(scope, flavor, scope.data.channelBySid(row.sid) ?? row),
      };
    },
  },
  {
    method: 'DELETE',
    path: '/Client/:v/Conversations/:id',
    handler: (parts) => {
      throw new TwilioError(
        'not_emulated',
        flavorOf(parts),
        'Deleting a conversation is not emulated: the local server keeps channels.',
      );
    },
  },
];

/** The URL of the caller's conversation list (used by replies that point back at it). */
export const myConversationsUrl = (scope: Scope, flavor: Flavor) =>
  `${clientBase(scope, flavor)}/Users/${encodeURIComponent(scope.identity)}/Conversations`;

/** An object with its keys sorted, so that two attribute sets compare by content. */
function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

import { clientBase } from './restDescriptors.js';
import { TwilioError } from './TwilioError.js';
import { isoDuration } from './twilioOptions.js';
import { flavorOf, type Route } from './upstream.js';

const MIB = 1024 * 1024;

/**
 * `GET Client/v1/Configuration` (twilio-chat) and `Client/v2/Configuration` (Conversations): the
 * links every later call uses (all absolute, on this server), the options the SDKs parse
 * (`Configuration` in both builds: `links.*`, `options` and `sync_objects.*` are required) and
 * the caller's two Sync maps. One media per message: the domain stores one.
 */
export const configurationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/Client/:v/Configuration',
    handler: (parts, _request, scope) => {
      const flavor = flavorOf(parts);
      const base = clientBase(scope, flavor);
      const { serviceSid } = scope.ctx.options.keys;
      const me = encodeURIComponent(scope.identity);
      const mcs = `${scope.ctx.baseUrl}/mcs/v1/Services/${serviceSid}`;
      const mb = Math.max(1, Math.floor(scope.ctx.options.mediaMaxBytes / MIB));
      return {
        status: 200,
        body: {
          identity: scope.identity,
          links: {
            my_conversations: `${base}/Users/${me}/Conversations`,
            conversations: `${base}/Conversations`,
            users: `${base}/Users`,
            current_user: `${base}/Users/${me}`,
            typing: `${base}/Services/${serviceSid}/Typing`,
            media_service: `${mcs}/Media`,
            media_set_service: `${mcs}/MediaSet`,
            messages_receipts: `${base}/Conversations/%s/Messages/%s/Receipts`,
          },
          options: {
            consumption_report_interval: isoDuration(scope.options.consumptionReportIntervalMs),
            http_cache_interval: isoDuration(scope.options.httpCacheIntervalMs),
            user_infos_to_subscribe: 100,
            reachability_enabled: false,
            media_attachments_count_limit: 1,
            media_attachment_size_limit_in_mb: mb,
            media_attachments_total_size_limit_in_mb: mb,
            email_histories_allowed_mime_types: [],
            email_bodies_allowed_mime_types: [],
          },
          sync_objects: {
            my_user_info: scope.data.userMap('userInfo', scope.identity),
            my_conversations: scope.data.userMap('myConversations', scope.identity),
          },
        },
      };
    },
  },
  {
    // Users.getSyncUniqueName (Conversations) and UserDescriptor (twilio-chat) read `sync_objects.user_info_map`.
    method: 'GET',
    path: '/Client/:v/Users/:identity',
    handler: (parts, _request, scope) => {
      const identity = parts.identity ?? '';
      if (identity.length === 0)
        throw new TwilioError('invalid_argument', flavorOf(parts), 'No identity given.');
      return {
        status: 200,
        body: {
          identity,
          friendly_name: null,
          attributes: '{}',
          is_online: null,
          is_notifiable: null,
          url: `${clientBase(scope, flavorOf(parts))}/Users/${encodeURIComponent(identity)}`,
          sync_objects: { user_info_map: scope.data.userMap('userInfo', identity) },
        },
      };
    },
  },
];

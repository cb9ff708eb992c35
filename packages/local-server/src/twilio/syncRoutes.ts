import type { SubscriptionRequest } from './SyncProjection.js';
import type { ItemsQuery } from './SyncReader.js';
import type { SyncRef, SyncType } from './TwilioData.js';
import { TwilioError } from './TwilioError.js';
import { objectBody, type Route, type Scope, type UpstreamRequest } from './upstream.js';

const TYPES: Record<string, SyncType> = { Documents: 'document', Lists: 'list', Maps: 'map' };

/** The object a Sync path names, if the caller may read it; Sync maps a 404 to "does not exist". */
function objectOf(scope: Scope, collection: string, id: string): SyncRef {
  const type = TYPES[collection];
  const ref = type ? scope.data.resolve(type, id) : null;
  if (!ref || !scope.data.mayRead(ref, scope.identity)) {
    throw new TwilioError(
      'channel_not_found',
      'conversations',
      `No Sync ${collection} ${JSON.stringify(id)} that you can read.`,
    );
  }
  scope.projection.watch(ref);
  return ref;
}

function itemsQuery(request: UpstreamRequest, single?: string): ItemsQuery {
  const { params } = request;
  const pageSize = params.PageSize === undefined ? 50 : Number(params.PageSize);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new TwilioError(
      'invalid_argument',
      'conversations',
      `PageSize must be 1-1000, got ${JSON.stringify(params.PageSize)}.`,
    );
  }
  return {
    single: single ?? params.Key ?? params.Index,
    from: params.From,
    pageSize,
    order: params.Order === 'desc' ? 'desc' : 'asc',
    pageToken: params.PageToken,
  };
}

/**
 * The Sync service (`cdsUri`), read-only: the SDKs of this chat never write Sync objects (every
 * change is a REST call), so writes are refused. Objects are fetched by sid or unique name; items
 * page with `From`/`PageSize`/`Order` (or a `PageToken`); `/v4/Subscriptions` starts and stops
 * each connection's live events.
 */
export const syncRoutes: Route[] = [
  {
    method: 'GET',
    path: '/cds/v3/:collection/:id',
    handler: (parts, request, scope) => ({
      status: 200,
      body: scope.projection.reader.descriptor(
        objectOf(scope, parts.collection ?? '', parts.id ?? ''),
        request.params.Include === 'items',
      ),
    }),
  },
  {
    method: 'GET',
    path: '/cds/v3/:collection/:id/Items',
    handler: (parts, request, scope) => ({
      status: 200,
      body: scope.projection.reader.items(
        objectOf(scope, parts.collection ?? '', parts.id ?? ''),
        itemsQuery(request),
      ),
    }),
  },
  {
    method: 'GET',
    path: '/cds/v3/:collection/:id/Items/:item',
    handler: (parts, request, scope) => {
      const { items } = scope.projection.reader.items(
        objectOf(scope, parts.collection ?? '', parts.id ?? ''),
        itemsQuery(request, parts.item),
      );
      if (items.length === 0)
        throw new TwilioError('channel_not_found', 'conversations', `No item ${JSON.stringify(parts.item)}.`);
      return { status: 200, body: items[0] };
    },
  },
  {
    method: 'POST',
    path: '/cds/v4/Subscriptions',
    handler: (_parts, request, scope) => {
      const body = objectBody(request, 'conversations');
      const requests = Array.isArray(body.requests) ? (body.requests as SubscriptionRequest[]) : [];
      const after =
        body.action === 'cancel'
          ? scope.projection.cancel(scope.peer, body.correlation_id, requests)
          : scope.projection.establish(scope.peer, body.correlation_id, requests);
      return {
        status: 202,
        body: {
          estimated_delivery_in_ms: scope.options.subscriptionDeliveryMs,
          max_batch_size: 100,
          ttl_in_s: -1,
        },
        after,
      };
    },
  },
];

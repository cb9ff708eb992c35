import type { ServerContext } from '../context.js';
import type { McsStaging } from './McsStaging.js';
import type { SyncPeer, SyncProjection } from './SyncProjection.js';
import type { TwilioData } from './TwilioData.js';
import { type Flavor, TwilioError } from './TwilioError.js';
import type { ResolvedTwilioOptions } from './twilioOptions.js';

/** What a request handler may use: the server, the caller and its connection. */
export interface Scope {
  readonly ctx: ServerContext;
  readonly data: TwilioData;
  readonly projection: SyncProjection;
  readonly staging: McsStaging;
  readonly options: ResolvedTwilioOptions;
  /** The caller, from its verified token. */
  readonly identity: string;
  readonly peer: SyncPeer;
}

/**
 * An HTTP request tunnelled through twilsock (`message` frame, `http_request`). `params` values
 * arrive URL-encoded (twilsock splits the query string without decoding) and are decoded here.
 */
export interface UpstreamRequest {
  method: string;
  /** Path segments, each decoded. */
  segments: string[];
  params: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

/** The HTTP answer; `after` runs once the reply frame is written (Sync sends events after it). */
export interface UpstreamReply {
  status: number;
  body?: unknown;
  after?: () => void;
}

/** A route handler: the captured path parts, the request, the scope. */
export type Handler = (
  parts: Record<string, string>,
  request: UpstreamRequest,
  scope: Scope,
) => UpstreamReply | Promise<UpstreamReply>;

/** A route: `:name` segments capture, the others must match exactly. */
export interface Route {
  method: string;
  path: string;
  handler: Handler;
}

function match(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const parts: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = segments[i]!;
    if (expected.startsWith(':')) parts[expected.slice(1)] = actual;
    else if (expected !== actual) return null;
  }
  return parts;
}

/** The SDK a `Client/v1|v2/...` path belongs to. */
export function flavorOf(parts: Record<string, string>): Flavor {
  return parts.v === 'v1' ? 'chat' : 'conversations';
}

/**
 * Finds the route of a request and runs it. An unknown path is a 404 that names it (so a
 * missing emulation shows up plainly in the SDK's error); a known path with another method, 405.
 */
export function dispatch(
  routes: readonly Route[],
  request: UpstreamRequest,
  scope: Scope,
): UpstreamReply | Promise<UpstreamReply> {
  let pathMatched = false;
  for (const route of routes) {
    const parts = match(route.path.split('/').slice(1), request.segments);
    if (!parts || (parts.v !== undefined && parts.v !== 'v1' && parts.v !== 'v2')) continue;
    pathMatched = true;
    if (route.method === request.method) return route.handler(parts, request, scope);
  }
  const where = `${request.method} /${request.segments.join('/')}`;
  throw pathMatched
    ? new TwilioError('not_emulated', 'conversations', `${where}: method not emulated by @chat/local-server.`)
    : new TwilioError(
        'unknown_op',
        'conversations',
        `${where} is not emulated by @chat/local-server (README, "Twilio emulator").`,
      );
}

/** A header by name, whatever its case. */
export function header(request: UpstreamRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}

/** The JSON object body of an aim request (the SDKs send `JSON.stringify` of an object). */
export function objectBody(request: UpstreamRequest, flavor: Flavor): Record<string, unknown> {
  const { body } = request;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  throw new TwilioError('invalid_argument', flavor, 'The request body must be a JSON object.');
}

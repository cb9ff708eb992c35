/** How long an abandon waits for a socket still opening (see `abandonClient`). */
const OPENING_WAIT_MS = 10_000;

/** A property of an SDK-internal object, or null. */
function field(target: unknown, key: string): unknown {
  return typeof target === 'object' && target !== null ? Reflect.get(target, key) : null;
}

/**
 * Disconnects the twilsock client inside an SDK client that never became ready. Neither SDK has
 * a public way: `shutdown()` first awaits an initialisation that may never come (a socket that
 * accepts and never answers), keeping the socket, twilsock's retries and the process alive. Both
 * keep their twilsock client at `<services>.twilsockClient` (`_services` in
 * `@twilio/conversations` 2.4/3, `services` in `twilio-chat` 6); an unknown build falls back to
 * `shutdown()` in the background.
 *
 * A socket still opening is waited for first: twilsock closes it after removing its handlers, and
 * Node's `ws` then throws "WebSocket was closed before the connection was established" inside
 * twilsock's state machine, which is left stuck mid-transition and throws again a turn later.
 */
export async function abandonClient(
  client: { shutdown(): Promise<void> },
  servicesKey: '_services' | 'services',
): Promise<void> {
  const twilsock = field(field(client, servicesKey), 'twilsockClient');
  const disconnect = field(twilsock, 'disconnect');
  if (typeof disconnect !== 'function') {
    void client.shutdown().catch(() => {});
    return;
  }
  await opened(field(field(field(twilsock, 'channel'), 'websocket'), 'socket'));
  await disconnect.call(twilsock);
}

/**
 * Cancels the requests twilsock still awaits a reply to, once the SDK's `shutdown()` has closed the
 * socket. twilsock closes it after removing its handlers, so its own clean-up on `disconnected`
 * (which cancels them) never runs: each request sent just before the shutdown keeps its 30 s reply
 * timer (`REQUEST_TIMEOUT`), which holds the process open and leaves the call that made it pending
 * for 30 s. On Node 22+ twilsock uses the built-in WebSocket, which drops the replies arriving
 * while it closes (the `ws` package of Node 20 still delivers them), so there it happens whenever a
 * request is in flight at shutdown (the Sync subscription poke of twilio-chat, a call of the app).
 * Cancelling is what twilsock's own `PacketInterface.shutdown()` does: each call rejects with
 * "request cancelled by user" (a `network` ChatError). Both SDKs keep the transport at
 * `<services>.twilsockClient.upstream.transport`; an unknown build is left as it is.
 */
export function cancelPendingRequests(client: unknown, servicesKey: '_services' | 'services'): void {
  const twilsock = field(field(client, servicesKey), 'twilsockClient');
  const transport = field(field(twilsock, 'upstream'), 'transport');
  const shutdown = field(transport, 'shutdown');
  if (typeof shutdown === 'function') shutdown.call(transport);
}

/** Resolves once a WebSocket (`ws` or the platform's) is no longer CONNECTING, or after a while. */
function opened(socket: unknown): Promise<void> {
  const listen = field(socket, 'addEventListener');
  if (field(socket, 'readyState') !== 0 || typeof listen !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, OPENING_WAIT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    for (const event of ['open', 'error', 'close']) listen.call(socket, event, done, { once: true });
  });
}

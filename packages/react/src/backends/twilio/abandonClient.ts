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

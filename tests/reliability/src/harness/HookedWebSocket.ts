import WebSocket from 'ws';

/** Runs before a frame with that op is sent; the frame goes out once the returned promise settles. */
export type SendHook = (op: string) => Promise<void> | undefined;

/**
 * A `ws` WebSocket class whose outgoing requests can be held back by a hook, to put a message from
 * another user in between two requests of a client deterministically (no sleeps). Bytes are only
 * delayed, never changed or dropped.
 */
export function hookedWebSocket(hook: { current: SendHook | null }): typeof WebSocket {
  return class HookedWebSocket extends WebSocket {
    override send(data: string): void {
      const op = String(JSON.parse(data).op);
      const wait = hook.current?.(op);
      if (!wait) {
        super.send(data);
        return;
      }
      wait.finally(() => {
        if (this.readyState === WebSocket.OPEN) super.send(data);
      });
    }
  } as typeof WebSocket;
}

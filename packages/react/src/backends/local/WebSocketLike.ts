/**
 * The part of a WebSocket the local backend uses. Both the browser's (and Node ≥ 22's) global
 * `WebSocket` and the `ws` package's class fit it, so neither becomes a dependency.
 * Handlers are typed loosely (`never`) because each implementation declares its own event types;
 * the backend reads only `data` (message), `code`/`reason` (close).
 */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: destroys the socket without a closing handshake (a dead peer never answers one). */
  terminate?(): void;
}

/** A WebSocket constructor: `globalThis.WebSocket` or `import WebSocket from 'ws'`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

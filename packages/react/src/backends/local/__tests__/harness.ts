import { createAccessToken, devKeys } from '@chat/server';
import WebSocket from 'ws';
import type { BackendEvent, ChatBackend } from '../../../core/backend.js';
import { type LocalBackendOptions, localBackend } from '../../local.js';

/** A token signed with the dev keys, valid one hour unless told otherwise. */
export function tokenFor(identity: string, options: { ttlSeconds?: number; now?: number } = {}): string {
  return createAccessToken(devKeys, identity, { ttlSeconds: options.ttlSeconds ?? 3600, now: options.now });
}

/** Records what a backend emits and lets a test wait for an event, with no timing in the assertion. */
export class Recorder {
  readonly events: BackendEvent[] = [];
  #waiters: { predicate: (event: BackendEvent) => boolean; resolve: (event: BackendEvent) => void }[] = [];

  readonly emit = (event: BackendEvent): void => {
    this.events.push(event);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.predicate(event)) return true;
      waiter.resolve(event);
      return false;
    });
  };

  /** The first event from position `from` on (already recorded or future) that matches. */
  waitFor<T extends BackendEvent['type']>(
    type: T,
    predicate: (event: Extract<BackendEvent, { type: T }>) => boolean = () => true,
    from = 0,
  ): Promise<Extract<BackendEvent, { type: T }>> {
    const matches = (event: BackendEvent): event is Extract<BackendEvent, { type: T }> =>
      event.type === type && predicate(event as Extract<BackendEvent, { type: T }>);
    const found = this.events.slice(from).find(matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      this.#waiters.push({ predicate: matches, resolve: resolve as (event: BackendEvent) => void });
    });
  }

  /** The connection states emitted so far, in order. */
  states(from = 0): string[] {
    return this.events.slice(from).flatMap((e) => (e.type === 'connectionStateChanged' ? [e.state] : []));
  }
}

/** A `ws` WebSocket that remembers the ops it sent, to observe what reached the wire. */
export function countingWebSocket(sentOps: string[]): typeof WebSocket {
  return class CountingWebSocket extends WebSocket {
    override send(data: string): void {
      sentOps.push(JSON.parse(data).op);
      super.send(data);
    }
  } as typeof WebSocket;
}

/** A connected client: its backend, its recorded events and its identity. */
export interface Client {
  backend: ChatBackend;
  recorder: Recorder;
  identity: string;
}

/** Creates a local backend for `url` (Node 20: the `ws` WebSocket) and connects it as `identity`. */
export async function connectClient(
  url: string,
  identity: string,
  options: Partial<LocalBackendOptions> = {},
): Promise<Client> {
  const backend = localBackend({ url, WebSocket, ...options });
  const recorder = new Recorder();
  await backend.connect(tokenFor(identity), recorder.emit);
  return { backend, recorder, identity };
}

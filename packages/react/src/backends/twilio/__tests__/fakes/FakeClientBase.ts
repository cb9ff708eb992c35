import { FakeEmitter } from './FakeEmitter.js';
import type { FakeService, ServiceEvent } from './FakeService.js';

/**
 * The lifecycle both fake SDK clients share, with the real SDKs' traps: the constructor returns
 * at once and initialises asynchronously (ready or failed events); calls before initialisation
 * fail with a bare TypeError, as inside the SDKs; `shutdown()` first awaits initialisation (so it
 * rejects after a failed one and never settles while initialisation hangs); every call after
 * shutdown is counted, so tests can prove the backend never touches a shut-down client.
 */
export abstract class FakeClientBase extends FakeEmitter {
  /** Every client any fake constructor created, oldest first. */
  static readonly instances: FakeClientBase[] = [];
  readonly service: FakeService;
  readonly token: string;
  readonly tokens: string[] = [];
  readonly user = { identity: '' };
  initialized = false;
  isShutdown = false;
  callsAfterShutdown = 0;
  readonly ready: Promise<void>;
  #unsubscribe: (() => void) | null = null;

  constructor(service: FakeService, token: string) {
    super();
    this.service = service;
    this.token = token;
    FakeClientBase.instances.push(this);
    this.ready = new Promise<void>((resolve, reject) => {
      queueMicrotask(() => this.#initialise(resolve, reject));
    });
    // Nobody may await it (a failed client is never shut down by the SDK's user): no unhandled rejection.
    this.ready.catch(() => {});
  }

  #initialise(resolve: () => void, reject: (error: Error) => void): void {
    this.setConnectionState('connecting');
    const check = this.service.checkToken(this.token);
    if ('hang' in check) return;
    if ('error' in check) {
      // twilsock reports Twilio's 20104 "Access Token expired" as tokenExpired, then denies.
      if (check.error === 'expired') this.fire('tokenExpired');
      this.setConnectionState('denied');
      const message = check.error === 'expired' ? 'Access token expired' : 'Token validation failed';
      this.failed(message);
      reject(new Error(message));
      return;
    }
    this.user.identity = check.identity;
    this.#unsubscribe = this.service.subscribe(check.identity, (event) => {
      if (!this.isShutdown) this.deliver(event);
    });
    this.initialized = true;
    this.setConnectionState('connected');
    this.initialisedEvents();
    resolve();
  }

  /** Fires the SDK's success events. */
  protected abstract initialisedEvents(): void;
  /** Fires the SDK's failure events. */
  protected abstract failed(message: string): void;
  /** Turns a service notification into the SDK's events. */
  protected abstract deliver(event: ServiceEvent): void;

  /** The SDKs' internal state checks; returns the identity of the connected user. */
  guard(): string {
    if (this.isShutdown) {
      this.callsAfterShutdown += 1;
      throw new Error('the client was shut down');
    }
    if (!this.initialized) throw new TypeError("Cannot read properties of undefined (reading 'then')");
    return this.user.identity;
  }

  /** Changes the connection state and fires connectionStateChanged (tests use it for drops). */
  setConnectionState(state: string): void {
    (this as unknown as { connectionState: string }).connectionState = state;
    this.fire('connectionStateChanged', state);
  }

  async shutdown(): Promise<void> {
    if (this.isShutdown) {
      this.callsAfterShutdown += 1;
      return;
    }
    await this.ready;
    this.isShutdown = true;
    this.#unsubscribe?.();
    this.setConnectionState('disconnecting');
    this.setConnectionState('disconnected');
  }

  async updateToken(token: string): Promise<this> {
    this.guard();
    if (!('identity' in this.service.checkToken(token))) throw new Error('Token validation failed');
    this.tokens.push(token);
    return this;
  }
}

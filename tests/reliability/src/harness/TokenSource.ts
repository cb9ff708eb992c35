import { expiresAt, tokenFor } from './tokenFor.js';

/** What one `getToken` call does: answer (after a delay), fail, or never answer. */
export type TokenBehaviour = { kind: 'ok'; delayMs?: number } | { kind: 'fail' } | { kind: 'hang' };

/** One `getToken` call as the token endpoint saw it. */
export interface TokenCall {
  /** 1-based. */
  n: number;
  startedAt: number;
  settledAt: number | null;
  kind: TokenBehaviour['kind'];
  /** `exp` of the token it returned, in ms. */
  expiresAt: number | null;
}

/**
 * A scripted token endpoint: `getToken` mints short-lived tokens for `identity`, and `behave`
 * decides per call whether it answers, fails or hangs. Records every call and the largest number
 * of calls in flight at once (the store must never refresh twice concurrently).
 */
export class TokenSource {
  readonly calls: TokenCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  readonly #identity: string;
  readonly #ttlMs: number;
  readonly #behave: (n: number) => TokenBehaviour;
  readonly #hung = new Set<(error: Error) => void>();

  constructor(
    identity: string,
    ttlMs: number,
    behave: (n: number) => TokenBehaviour = () => ({ kind: 'ok' }),
  ) {
    this.#identity = identity;
    this.#ttlMs = ttlMs;
    this.#behave = behave;
  }

  /** Pass this to `connect`. */
  readonly getToken = async (): Promise<string> => {
    const n = this.calls.length + 1;
    const behaviour = this.#behave(n);
    const call: TokenCall = {
      n,
      startedAt: Date.now(),
      settledAt: null,
      kind: behaviour.kind,
      expiresAt: null,
    };
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (behaviour.kind === 'fail') throw new Error(`token endpoint: 503 (scripted failure of call ${n})`);
      if (behaviour.kind === 'hang') {
        await new Promise<never>((_, reject) => this.#hung.add(reject));
      }
      if (behaviour.kind === 'ok' && behaviour.delayMs) {
        await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      }
      const token = tokenFor(this.#identity, this.#ttlMs);
      call.expiresAt = expiresAt(token);
      return token;
    } finally {
      call.settledAt = Date.now();
      this.inFlight--;
    }
  };

  /** Calls that returned a token. */
  get issued(): TokenCall[] {
    return this.calls.filter((call) => call.expiresAt !== null);
  }

  /** Ends the calls that hang (they reject), so that no promise outlives the test. */
  release(): void {
    for (const reject of this.#hung) reject(new Error('token endpoint: released at the end of the test'));
    this.#hung.clear();
  }
}

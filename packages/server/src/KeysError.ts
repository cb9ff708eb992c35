import type { KeyProblem } from './checkKeys.js';

/**
 * Thrown by {@link loadConfig} when the Twilio keys are missing or malformed. `message` is the
 * full explanation for a log; `problems` lets a caller (the command line) say the same thing in
 * its own words. Neither ever contains the secret.
 */
export class KeysError extends Error {
  override readonly name = 'KeysError';
  /** Each missing or malformed key and what is wrong with it. */
  readonly problems: readonly KeyProblem[];

  constructor(message: string, problems: readonly KeyProblem[]) {
    super(message);
    this.problems = problems;
  }
}

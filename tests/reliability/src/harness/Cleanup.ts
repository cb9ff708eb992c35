/**
 * Things to undo after a test, run in reverse order of registration (clients before the server
 * they talk to, the server before its folder). Every step runs even when an earlier one throws.
 */
export class Cleanup {
  readonly #steps: (() => unknown)[] = [];

  /** Registers `step` and returns `value`, so that creation and cleanup sit on one line. */
  add<T>(value: T, step: (value: T) => unknown): T {
    this.#steps.push(() => step(value));
    return value;
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'cleanup failed');
  }
}

/** Ends typing indicators whose end was never announced: see {@link createTypingExpiry}. */
export interface TypingExpiry {
  /** `identity` started (or is still) typing in `name`: its indicator ends `ms` from now unless renewed. */
  arm(name: string, identity: string): void;
  /** The backend ended it: no timer needed any more. */
  disarm(name: string, identity: string): void;
  /** Drops every timer (connection lost, disconnect): the indicators are cleared with them. */
  clear(): void;
}

/**
 * A typing indicator must never outlive the typing: a `typingEnded` lost with a dropped connection
 * or a restarted server would otherwise leave "alice is typing…" on screen for good. Each
 * `typingStarted` arms (or re-arms) a timer per channel and identity; when it fires, `expire` ends the
 * indicator, as Twilio's SDKs do on their own after a few seconds of silence.
 */
export function createTypingExpiry(
  expire: (name: string, identity: string) => void,
  ms: number,
): TypingExpiry {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const key = (name: string, identity: string): string => `${name}\n${identity}`;
  const disarm = (name: string, identity: string): void => {
    const k = key(name, identity);
    clearTimeout(timers.get(k));
    timers.delete(k);
  };
  return {
    arm(name, identity) {
      disarm(name, identity);
      timers.set(
        key(name, identity),
        setTimeout(() => {
          timers.delete(key(name, identity));
          expire(name, identity);
        }, ms),
      );
    },
    disarm,
    clear() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

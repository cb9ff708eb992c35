let counter = 0;

/**
 * A unique id for an outgoing message: the backend stores a message once per client id, which is
 * what makes `retryMessage` safe. `crypto.randomUUID` where available (browsers on https, Node);
 * otherwise time, a counter and randomness (plain-http pages, where `randomUUID` is missing).
 */
export function clientId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  counter = (counter + 1) % 0x100000;
  const random = Math.random().toString(36).slice(2, 12);
  return `c${Date.now().toString(36)}-${counter.toString(36)}-${random}`;
}

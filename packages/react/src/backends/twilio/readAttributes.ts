/**
 * Twilio attributes are JSON of any shape (an object, a string, null) and may come from other
 * tools; this reads them as a record so that `attributes.clientId` never throws.
 */
export function readAttributes(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return readAttributes(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A string attribute, or null. */
export function stringAttribute(attributes: Record<string, unknown>, key: string): string | null {
  const value = attributes[key];
  return typeof value === 'string' ? value : null;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether every string in a decoded JSON value (keys included) is well-formed Unicode. JSON can
 * carry lone UTF-16 surrogates (`"\ud83d"`) that UTF-8 — and so SQLite — cannot represent: what
 * would be stored would differ from what was sent and broadcast, so such frames are refused.
 * Iterative, because a frame may nest arrays thousands deep.
 */
export function isWellFormedJson(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (LONE_SURROGATE.test(item)) return false;
    } else if (Array.isArray(item)) {
      for (const element of item) stack.push(element);
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        if (LONE_SURROGATE.test(key)) return false;
        stack.push(element);
      }
    }
  }
  return true;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const MAX_LENGTH = 200;

/**
 * A filename fit for display: the last path segment, without control characters or bidi
 * overrides, trimmed, at most 200 characters. It is only ever stored as data — files are named by
 * sid — so this protects UIs and headers, not the file system.
 */
export function sanitizeFilename(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const clean = base
    .replace(CONTROL, '')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .replace(/^\.+/, '');
  const capped = [...clean].slice(0, MAX_LENGTH).join('');
  return capped === '' ? 'file' : capped;
}

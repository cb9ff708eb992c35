/** The file part of a `multipart/form-data` upload. */
export interface FormFile {
  filename: string | undefined;
  contentType: string | undefined;
  bytes: Buffer;
}

/**
 * The first file part of a `multipart/form-data` body (the media service receives one when a
 * browser sends a `FormData`, as the twilio-chat adapter does). Null when there is no file part.
 */
export function parseMultipart(contentType: string, body: Buffer): FormFile | null {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const headersStart = start + delimiter.length + 2;
    const headersEnd = body.indexOf('\r\n\r\n', headersStart);
    if (headersEnd < 0) return null;
    const next = body.indexOf(delimiter, headersEnd);
    if (next < 0) return null;
    const headers = body.subarray(headersStart, headersEnd).toString('utf8');
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    if (/filename=/i.test(disposition)) {
      const filename = /filename="([^"]*)"/i.exec(disposition)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
      // The part's bytes end before the CRLF that precedes the next delimiter.
      return { filename, contentType: type, bytes: body.subarray(headersEnd + 4, next - 2) };
    }
    start = next;
  }
  return null;
}

import type { OutgoingFile } from '../../core/backend.js';
import { ChatError } from '../../core/errors.js';

/** What {@link uploadMedia} needs besides the file. */
export interface UploadRequest {
  /** The server's base URL, without a trailing slash. */
  baseUrl: string;
  channel: string;
  token: string;
  file: OutgoingFile;
  fetch: typeof fetch;
  /** Aborts the upload (on shutdown). */
  signal: AbortSignal;
}

/**
 * Uploads a file with `POST /media` (README, "HTTP") and resolves with the stored media sid,
 * which `sendMessage` then references. Rejects with the server's error code when it gives a
 * known one, `network` when the server cannot be reached, `backend` otherwise.
 */
export async function uploadMedia(request: UploadRequest): Promise<string> {
  const { baseUrl, channel, token, file, signal } = request;
  const doFetch = request.fetch; // called bare: browsers refuse `fetch` called as a method of another object
  const query = `channel=${encodeURIComponent(channel)}&filename=${encodeURIComponent(file.filename)}`;
  // fetch reads a Blob body through `blob.stream()`, which jsdom's Blob (and some runtimes') lacks:
  // hand those the bytes instead. A real Blob is kept, so browsers can stream a large file.
  const data: Blob = file.data;
  const body = typeof data.stream === 'function' ? data : await data.arrayBuffer();
  let response: Response;
  try {
    response = await doFetch(`${baseUrl}/media?${query}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': file.contentType },
      body,
      signal,
    });
  } catch (cause) {
    if (signal.aborted)
      throw new ChatError(
        'not_connected',
        'sendMessage: shutdown() cancelled the upload; connect and send again.',
        {
          cause,
        },
      );
    throw new ChatError(
      'network',
      `sendMessage: could not upload ${JSON.stringify(file.filename)} to ${baseUrl}; check that the server runs, then send again.`,
      { cause },
    );
  }
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    payload = null; // a proxy's HTML error page, say; the status still tells what happened
  }
  const media = (payload as { media?: { sid?: unknown } } | null)?.media;
  if (response.ok && typeof media?.sid === 'string') return media.sid;
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const message =
    typeof error?.message === 'string'
      ? error.message
      : `sendMessage: the server answered ${response.status} to the upload of ${JSON.stringify(file.filename)}; send again, or see the server's log.`;
  if (ChatError.isCode(error?.code)) throw new ChatError(error.code, message);
  throw new ChatError(response.status === 413 ? 'invalid_argument' : 'backend', message);
}

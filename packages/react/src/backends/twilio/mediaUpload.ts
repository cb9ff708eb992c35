import type { OutgoingFile } from '../../core/backend.js';

/**
 * The content type to declare: both SDKs refuse an empty one (Conversations' `addMedia` throws at
 * once, twilio-chat's `sendMessage` rejects), and a browser's `File.type` is empty for kinds it
 * does not know.
 */
export function contentTypeOf(file: OutgoingFile): string {
  return file.contentType || file.data.type || 'application/octet-stream';
}

/**
 * True where the SDKs' media client uploads with the platform's `XMLHttpRequest` (browsers, jsdom).
 * Elsewhere (Node) it falls back to the `xmlhttprequest` package, which sends only strings and
 * buffers: a Blob fails with "The 'string' argument must be of type string or an instance of
 * Buffer", and twilio-chat refuses a FormData ("Posting FormData supported only with browser
 * engine's FormData").
 */
export function platformUploads(): boolean {
  return typeof XMLHttpRequest !== 'undefined';
}

/** The file's bytes as the SDK's media client can send them here (see {@link platformUploads}). */
export async function uploadBody(data: Blob): Promise<Blob | Buffer> {
  return platformUploads() ? data : bufferOf(data);
}

/** The file's bytes in a Node Buffer (only where {@link platformUploads} is false). */
export async function bufferOf(data: Blob): Promise<Buffer> {
  return Buffer.from(await data.arrayBuffer());
}

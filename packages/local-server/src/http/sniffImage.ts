/** The image types whose bytes are checked on upload, and which are served inline. */
export const SNIFFED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

function startsWith(bytes: Buffer, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * Whether the bytes carry the signature of the declared image type. Types outside
 * {@link SNIFFED_IMAGE_TYPES} are not checked (they are served as attachments with `nosniff`).
 */
export function bytesMatchType(contentType: string, bytes: Buffer): boolean {
  switch (contentType) {
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'image/gif':
      return startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'));
    case 'image/webp':
      return startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8);
    default:
      return true;
  }
}

/** Whether a stored content type is one of the checked image types (served inline). */
export function isSniffedImage(contentType: string): boolean {
  return (SNIFFED_IMAGE_TYPES as readonly string[]).includes(contentType);
}

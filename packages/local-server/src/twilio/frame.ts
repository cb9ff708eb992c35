/**
 * The twilsock frame, as both twilsock 0.12.2 and 1.0.2 parse and build it (`Parser` in their
 * `builds/lib.js`): one binary WebSocket message is
 * `"TWILSOCK V3.0 <header bytes>\r\n" <header JSON> "\r\n" <payload of header.payload_size bytes>`.
 * A payload is JSON when `payload_type` is missing or starts with `application/json`.
 */
export interface TwilsockHeader {
  method: string;
  id?: string;
  payload_type?: string;
  payload_size?: number;
  [key: string]: unknown;
}

/** A decoded frame: its header and its payload (parsed JSON, a string, or undefined when empty). */
export interface TwilsockFrame {
  header: TwilsockHeader;
  payload: unknown;
  /** The payload bytes as received (a form-encoded typing request is read from these). */
  raw: Buffer;
}

const MAGIC = 'TWILSOCK V3.0 ';
const CRLF = Buffer.from('\r\n');

/** Builds a frame; `payload` objects are sent as JSON, strings as they are. */
export function encodeFrame(header: TwilsockHeader, payload?: unknown): Buffer {
  const body =
    payload === undefined
      ? Buffer.alloc(0)
      : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const head = Buffer.from(JSON.stringify({ ...header, payload_size: body.length }));
  return Buffer.concat([Buffer.from(`${MAGIC}${head.length}`), CRLF, head, CRLF, body]);
}

/** Why a frame could not be read; the connection answers with a close (406, as Twilio would). */
export class FrameError extends Error {
  override readonly name = 'FrameError';
}

/** Parses one frame. @throws {FrameError} when it is not a twilsock V3.0 frame. */
export function decodeFrame(data: Buffer): TwilsockFrame {
  const lineEnd = data.indexOf(CRLF);
  const magic = lineEnd < 0 ? '' : data.subarray(0, lineEnd).toString('latin1');
  if (!magic.startsWith(MAGIC)) {
    throw new FrameError(`expected a frame starting with "${MAGIC}<header size>\\r\\n"`);
  }
  const headerSize = Number(magic.slice(MAGIC.length));
  const headerStart = lineEnd + CRLF.length;
  if (!Number.isSafeInteger(headerSize) || headerSize <= 0 || headerStart + headerSize > data.length) {
    throw new FrameError(`header size ${JSON.stringify(magic.slice(MAGIC.length))} does not fit the frame`);
  }
  let header: TwilsockHeader;
  try {
    header = JSON.parse(data.subarray(headerStart, headerStart + headerSize).toString('utf8'));
  } catch {
    throw new FrameError('the header is not JSON');
  }
  if (typeof header !== 'object' || header === null || typeof header.method !== 'string') {
    throw new FrameError('the header has no "method"');
  }
  const payloadStart = headerStart + headerSize + CRLF.length;
  const size = typeof header.payload_size === 'number' ? header.payload_size : 0;
  const raw = data.subarray(payloadStart, payloadStart + Math.max(0, size));
  return { header, payload: parsePayload(header.payload_type, raw), raw };
}

function parsePayload(type: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (type === undefined || type.startsWith('application/json')) {
    try {
      return JSON.parse(text);
    } catch {
      throw new FrameError('the payload is declared as JSON but is not');
    }
  }
  return text;
}

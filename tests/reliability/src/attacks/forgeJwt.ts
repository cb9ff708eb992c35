import { createHmac, createSign, type KeyObject } from 'node:crypto';

/** How a forged JWT is signed. */
export type Signer =
  | { hmac: 'sha256' | 'sha384' | 'sha512'; secret: string | Buffer }
  | { rsa: KeyObject }
  | { signature: string };

/** base64url of a JSON value or raw text, as JWT parts are encoded. */
export function part(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** Decodes one base64url JSON part of a JWT (no checks: the attacker's view). */
export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/**
 * Builds a JWT the way an attacker would: any header (an `alg` that lies about the signature,
 * `none`), any payload, signed with any key — or with a signature copied from another token.
 * `header` and `payload` may be raw strings to get non-JSON parts.
 */
export function forgeJwt(header: unknown, payload: unknown, signer: Signer): string {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${sign(input, signer)}`;
}

/** The signature part for `input` (`header.payload`). */
export function sign(input: string, signer: Signer): string {
  if ('signature' in signer) return signer.signature;
  if ('rsa' in signer) return createSign('RSA-SHA256').update(input).sign(signer.rsa).toString('base64url');
  return createHmac(signer.hmac, signer.secret).update(input).digest('base64url');
}

/** Replaces the payload of a real token and keeps its header and signature (tampering). */
export function tamperPayload(token: string, edit: (payload: Record<string, unknown>) => unknown): string {
  const [header, , signature] = token.split('.');
  return `${header}.${part(edit(decodePart(token, 1)))}.${signature}`;
}

/** Replaces the header of a real token and keeps its payload and signature. */
export function tamperHeader(token: string, edit: (header: Record<string, unknown>) => unknown): string {
  const [, payload, signature] = token.split('.');
  return `${part(edit(decodePart(token, 0)))}.${payload}.${signature}`;
}

import { createHmac, timingSafeEqual } from 'node:crypto';

function mac(secret: string, sid: string, exp: number): Buffer {
  return createHmac('sha256', secret).update(`media:${sid}:${exp}`).digest();
}

/** Signature of a download URL: HMAC-SHA256 over the sid and expiry, keyed by the API secret. */
export function signMedia(secret: string, sid: string, exp: number): string {
  return mac(secret, sid, exp).toString('hex');
}

/** Whether `sig` signs `(sid, exp)` and `exp` (ms since epoch) has not passed. Constant-time. */
export function verifyMediaSignature(
  secret: string,
  sid: string,
  exp: string | undefined,
  sig: string | undefined,
  now = Date.now(),
): 'ok' | 'invalid' | 'expired' {
  if (!exp || !sig || !/^\d{1,16}$/.test(exp) || !/^[0-9a-f]{64}$/.test(sig)) return 'invalid';
  const expected = mac(secret, sid, Number(exp));
  if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'invalid';
  return Number(exp) > now ? 'ok' : 'expired';
}

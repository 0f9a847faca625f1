import { createHmac, timingSafeEqual } from 'node:crypto';

/** Dub's `Dub-Signature`: lowercase hex HMAC-SHA256 of the raw body, keyed with the whole secret (`whsec_` included). */
export function signDubBody(rawBody: Uint8Array | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Compares in constant time, over the bytes received: re-serialized JSON would not match byte for byte. */
export function isValidDubSignature(rawBody: Uint8Array | string, secret: string, signature: string): boolean {
  const expected = Buffer.from(signDubBody(rawBody, secret), 'hex');
  const given = Buffer.from(signature.trim().toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

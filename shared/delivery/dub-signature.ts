import { createHmac, timingSafeEqual } from 'node:crypto';
import { DeliveryError } from './delivery-error';
import { headerValue } from './headers';
import type { Delivery } from './delivery';

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** Dub's `Dub-Signature`: lowercase hex HMAC-SHA256 of the raw body, keyed with the whole secret (`whsec_` included). */
export function signDubBody(rawBody: Uint8Array | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/**
 * Compares in constant time, over the bytes received: re-serialized JSON would not match byte for byte. Anything
 * but exactly 64 hex digits is refused first (Buffer.from would silently stop at the first non-hex character).
 */
export function isValidDubSignature(rawBody: Uint8Array | string, secret: string, signature: string): boolean {
  const given = signature.trim();
  if (!SHA256_HEX.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), createHmac('sha256', secret).update(rawBody).digest());
}

/**
 * What refuses a request as Dub's before any secret is known: no `Dub-Signature`, or one that is not an HMAC-SHA256 in
 * hex as Dub sends it. Such a request can never verify, so nothing (no lookup of Dub's hooks) is spent on it.
 */
export function unsignedDubDelivery(delivery: Delivery): DeliveryError | undefined {
  const signature = headerValue(delivery.headers, 'dub-signature');
  if (!signature) return new DeliveryError('missing_signature', 'The request has no Dub-Signature header: it did not come from Dub.');
  if (!SHA256_HEX.test(signature.trim())) {
    return new DeliveryError('bad_signature', 'The Dub-Signature is not an HMAC-SHA256 in hex, as Dub sends it: refused.');
  }
  return undefined;
}

/** A Dub delivery is Dub's when its `Dub-Signature` matches the raw body under the hook's secret. */
export function verifyDubDelivery(delivery: Delivery, secret: string): DeliveryError | undefined {
  const unsigned = unsignedDubDelivery(delivery);
  if (unsigned) return unsigned;
  const signature = headerValue(delivery.headers, 'dub-signature') ?? '';
  if (!isValidDubSignature(delivery.body, secret, signature)) {
    return new DeliveryError('bad_signature', "The Dub-Signature does not match the body and this hook's secret: refused.");
  }
  return undefined;
}

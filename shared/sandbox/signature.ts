import { createHmac } from 'node:crypto';

/** Deliberately written apart from shared/delivery's signer: the fake checks the core, so it must not share its code.
 *  Dub-Signature: lowercase hex HMAC-SHA256 of the raw body, keyed with the whole secret
 *  string as UTF-8 (the `whsec_` prefix included, not decoded). */
export function dubSignature(secret: string, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body, 'utf8').digest('hex');
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DeliveryError } from './delivery-error';
import type { Delivery } from './delivery';

/**
 * Linkly signs nothing, so the connector registers a hook URL carrying a secret of its own and refuses deliveries
 * without it (Linkly's own advice). The token lives in this query parameter.
 */
export const URL_TOKEN_PARAM = 'linkhooks_token';

export function newUrlToken(): string {
  return randomBytes(24).toString('base64url');
}

export function withUrlToken(url: string, token: string): string {
  const target = new URL(url);
  target.searchParams.set(URL_TOKEN_PARAM, token);
  return target.toString();
}

/** The token in a received request's URL (absolute, or a path with a query), or null. */
export function readUrlToken(requestUrl: string): string | null {
  return new URL(requestUrl, 'http://receiver.invalid').searchParams.get(URL_TOKEN_PARAM);
}

export function isValidUrlToken(received: string, expected: string): boolean {
  const given = Buffer.from(received);
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** What refuses a request before any token is known: its URL carries none, so it came through no hook of ours. */
export function untokenedDelivery(delivery: Delivery): DeliveryError | undefined {
  const token = delivery.url === undefined ? null : readUrlToken(delivery.url);
  if (!token) {
    return new DeliveryError('missing_signature', `The request URL has no ${URL_TOKEN_PARAM}: it did not come through this hook.`);
  }
  return undefined;
}

/** A delivery came through the hook this connector registered when its URL carries the hook's token. */
export function verifyUrlTokenDelivery(delivery: Delivery, secret: string): DeliveryError | undefined {
  const untokened = untokenedDelivery(delivery);
  if (untokened) return untokened;
  const token = readUrlToken(delivery.url ?? '') ?? '';
  if (!isValidUrlToken(token, secret)) {
    return new DeliveryError('bad_signature', `The ${URL_TOKEN_PARAM} in the request URL is wrong: refused.`);
  }
  return undefined;
}

import { randomBytes, timingSafeEqual } from 'node:crypto';

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

import type { Bundle } from 'zapier-platform-core';

/** The request Zapier received at the hook URL, as the sender made it. */
export interface ReceivedRequest {
  /** Header names in lower case, as the sender named them. */
  headers: Record<string, string>;
  /** The exact body text: signatures are checked over it, never over a re-serialized object. */
  body: string;
  /** Just the query (`?a=b`): where Linkly deliveries carry the connector's token. */
  url: string;
}

const ZAPIER_HEADER_PREFIX = /^http-/i;

/** From `bundle.rawRequest`; undefined when Zapier handed over no raw body. */
export function receivedRequest(bundle: Bundle): ReceivedRequest | undefined {
  const raw = bundle.rawRequest;
  if (!raw || typeof raw.content !== 'string') return undefined;
  // Zapier documents the query without its '?'; tolerate one, or the token would hide under the key '?linkhooks_token'.
  const query = (raw.querystring ?? '').replace(/^\?/, '');
  return { headers: senderHeaders(raw.headers ?? {}), body: raw.content, url: `?${query}` };
}

/** Zapier renames headers (`Dub-Signature` arrives as `Http-Dub-Signature`, except Content-Type and -Length). */
function senderHeaders(headers: Record<string, string>): Record<string, string> {
  const named: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) named[name.replace(ZAPIER_HEADER_PREFIX, '').toLowerCase()] = value;
  return named;
}

import type { z } from 'zod/v4';
import { findEntry } from '../catalogue';
import type { CatalogueEntry } from '../catalogue/types';
import type { NormalizedEvent } from '../normalized/outputs';
import type { Provider } from '../normalized/parts';
import { DeliveryError } from './delivery-error';
import { isValidDubSignature } from './dub-signature';
import { headerValue, type HeaderBag } from './headers';
import { URL_TOKEN_PARAM, isValidUrlToken, readUrlToken } from './url-token';

/** Real deliveries are a few kilobytes; anything this large is not one of them. */
export const MAX_DELIVERY_BYTES = 1024 * 1024;

export interface Delivery {
  provider: Provider;
  headers: HeaderBag;
  /** The exact bytes received. */
  body: Uint8Array | string;
  /** Dub: the hook's signing secret. Linkly: the token the connector put in the hook URL. Absent: not verified. */
  secret?: string;
  /** The request URL (or path and query): where Linkly deliveries carry the token. */
  url?: string;
}

export type DeliveryResult =
  | { ok: true; event: NormalizedEvent; entry: CatalogueEntry; raw: unknown; verified: boolean }
  | { ok: false; error: DeliveryError };

/** raw delivery → verify → JSON → catalogue schema → normalized event. Never throws on bad input. */
export function parseDelivery(delivery: Delivery): DeliveryResult {
  const size = typeof delivery.body === 'string' ? Buffer.byteLength(delivery.body) : delivery.body.byteLength;
  if (size > MAX_DELIVERY_BYTES) {
    return fail('body_too_large', `The body is ${size} bytes; deliveries are at most ${MAX_DELIVERY_BYTES}.`);
  }
  const authenticity = delivery.secret === undefined ? undefined : verify(delivery, delivery.secret);
  if (authenticity) return { ok: false, error: authenticity };

  const raw = parseJson(delivery.body);
  if (raw instanceof DeliveryError) return { ok: false, error: raw };

  const eventName = eventNameOf(raw);
  if (eventName === undefined) {
    return fail('schema_mismatch', `The body has no "event" field naming the ${serviceName(delivery.provider)} event.`, 'event');
  }
  const entry = findEntry(delivery.provider, eventName);
  if (!entry) {
    return fail(
      'unknown_event',
      `${serviceName(delivery.provider)} sent an event named "${eventName}", which this connector does not know.`,
    );
  }
  const outcome = entry.parse(raw);
  if (!outcome.ok) return { ok: false, error: schemaMismatch(entry, outcome.issues) };
  return { ok: true, event: outcome.event, entry, raw, verified: delivery.secret !== undefined };
}

function verify(delivery: Delivery, secret: string): DeliveryError | undefined {
  if (delivery.provider === 'dub') {
    const signature = headerValue(delivery.headers, 'dub-signature');
    if (!signature) return new DeliveryError('missing_signature', 'The request has no Dub-Signature header: it did not come from Dub.');
    if (!isValidDubSignature(delivery.body, secret, signature)) {
      return new DeliveryError('bad_signature', "The Dub-Signature does not match the body and this hook's secret: refused.");
    }
    return undefined;
  }
  const token = delivery.url === undefined ? null : readUrlToken(delivery.url);
  if (!token) {
    return new DeliveryError('missing_signature', `The request URL has no ${URL_TOKEN_PARAM}: it did not come through this hook.`);
  }
  if (!isValidUrlToken(token, secret)) {
    return new DeliveryError('bad_signature', `The ${URL_TOKEN_PARAM} in the request URL is wrong: refused.`);
  }
  return undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseJson(body: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : decoder.decode(body));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new DeliveryError('invalid_json', `The body is not valid JSON (${reason}).`);
  }
}

function eventNameOf(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const event = (raw as { event?: unknown }).event;
  return typeof event === 'string' ? event : undefined;
}

function schemaMismatch(entry: CatalogueEntry, issues: z.core.$ZodIssue[]): DeliveryError {
  const first = issues[0];
  const path = first ? first.path.map(String).join('.') : '';
  const where = path ? `${path}: ` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new DeliveryError(
    'schema_mismatch',
    `The ${entry.event} delivery does not match ${serviceName(entry.provider)}'s format at ${where}${first?.message ?? 'unknown problem'}${more}.`,
    path,
  );
}

function serviceName(provider: Provider): string {
  return provider === 'dub' ? 'Dub' : 'Linkly';
}

function fail(kind: DeliveryError['kind'], message: string, path?: string): DeliveryResult {
  return { ok: false, error: new DeliveryError(kind, message, path) };
}
